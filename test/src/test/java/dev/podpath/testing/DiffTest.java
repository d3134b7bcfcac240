package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.origin.Origin;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.diff.Decision;
import dev.podpath.trace.diff.Diff;
import dev.podpath.trace.diff.FirstDifference;
import dev.podpath.trace.diff.NetworkDiff;
import dev.podpath.trace.diff.PairChange;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given two networks (real snapshots taken before and after a fix; a sample and a copy of it with
 * one line deleted), when diffed, then exactly the pairs whose reachability changed, each with the
 * first decision that differs and the lines behind it on both sides.
 */
final class DiffTest {

  @TempDir Path tmp;

  /** The sample with its line {@code line} (1-based) deleted, as a script of its own. */
  private Path without(String sample, int line, String expected) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(Samples.sample(sample)));
    assertThat(lines.get(line - 1)).isEqualTo(expected);
    lines.remove(line - 1);
    Path copy = tmp.resolve(sample);
    Files.write(copy, lines);
    return copy;
  }

  private static List<String> pairs(Diff d) {
    return d.changed().stream().map(c -> c.from() + " -> " + c.to()).toList();
  }

  private static PairChange change(Diff d, String from, String to) {
    return d.changed().stream()
        .filter(c -> c.from().equals(from) && c.to().equals(to))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not changed: " + from + " -> " + to));
  }

  private static Origin origin(Optional<Decision> d) {
    return d.orElseThrow().origin().orElseThrow();
  }

  @Test
  void aSampleAndItself_haveNoChange() {
    Network a = Podpath.load(Samples.sample("flannel-host-gw.sh"));
    Network b = Podpath.load(Samples.sample("flannel-host-gw.sh"));

    Diff d = NetworkDiff.of(a, b, MatrixRequest.ping());

    assertThat(d.changed()).isEmpty();
    assertThat(d.onlyBefore()).isEmpty();
    assertThat(d.onlyAfter()).isEmpty();
    // three nodes with two addresses each, four pods with one: 3 x 8 + 4 x 9 pairs
    assertThat(d.unchanged()).isEqualTo(60);
  }

  @Test
  void hostGw_withoutWorker1sRouteToWorker2_breaksBothWays_atThatRoute() throws Exception {
    Network before = Podpath.load(Samples.sample("flannel-host-gw.sh"));
    Network after =
        Podpath.load(
            without(
                "flannel-host-gw.sh",
                89,
                "ip -n worker1 route add 10.10.2.0/24 via 192.168.2.15 dev enp0s5"));

    Diff d = NetworkDiff.of(before, after, MatrixRequest.ping());

    assertThat(pairs(d))
        .containsExactlyInAnyOrder(
            "worker1 -> 10.10.2.1",
            "worker1 -> 10.10.2.3",
            "worker1 -> 10.10.2.4",
            "busybox-sgf8v -> 10.10.2.1",
            "busybox-sgf8v -> 10.10.2.3",
            "busybox-sgf8v -> 10.10.2.4",
            "busybox-jpnb6 -> 10.10.2.1",
            "busybox-jpnb6 -> 10.10.2.3",
            "busybox-jpnb6 -> 10.10.2.4",
            "busybox-zlxmm -> 192.168.2.16",
            "busybox-zlxmm -> 10.10.1.1",
            "busybox-zlxmm -> 10.10.1.5",
            "busybox-zlxmm -> 10.10.1.6",
            "busybox-pg7ps -> 192.168.2.16",
            "busybox-pg7ps -> 10.10.1.1",
            "busybox-pg7ps -> 10.10.1.5",
            "busybox-pg7ps -> 10.10.1.6");
    assertThat(d.changed())
        .allSatisfy(
            c -> {
              assertThat(c.before().verdict()).isEqualTo(Verdict.REACHABLE);
              assertThat(c.after().verdict()).isEqualTo(Verdict.NOT_REACHABLE);
            });
    assertThat(d.onlyBefore()).isEmpty();
    assertThat(d.onlyAfter()).isEmpty();

    // the request: the route worker1 had, and in AFTER no route there
    FirstDifference go = change(d, "busybox-jpnb6", "10.10.2.4").firstDifference().orElseThrow();
    assertThat(go.before().orElseThrow().leg()).isEqualTo(Decision.Leg.REQUEST);
    assertThat(go.before().orElseThrow().netns().value()).isEqualTo("worker1");
    assertThat(go.before().orElseThrow().step()).isInstanceOf(Step.RouteSelected.class);
    assertThat(origin(go.before()).line()).isEqualTo(89);
    assertThat(go.after().orElseThrow().netns().value()).isEqualTo("worker1");
    assertThat(go.after().orElseThrow().step()).isInstanceOf(Step.Dropped.class);
    assertThat(((Step.Dropped) go.after().orElseThrow().step()).reason().code())
        .isEqualTo("NO_ROUTE");

    // the answer: the request arrives, the reply meets the missing route at worker1
    FirstDifference back = change(d, "busybox-pg7ps", "10.10.1.6").firstDifference().orElseThrow();
    assertThat(back.before().orElseThrow().leg()).isEqualTo(Decision.Leg.RESPONSE);
    assertThat(back.before().orElseThrow().netns().value()).isEqualTo("worker1");
    assertThat(origin(back.before()).line()).isEqualTo(89);
    assertThat(back.after().orElseThrow().leg()).isEqualTo(Decision.Leg.RESPONSE);
    assertThat(back.agreed()).isGreaterThan(0);
  }

  @Test
  void blackholeRouteDeleted_opensExactlyItsAddress() throws Exception {
    Network before = Podpath.load(Samples.sample("blackhole.sh"));
    Network after =
        Podpath.load(without("blackhole.sh", 66, "ip -n router route add blackhole 10.1.2.3/32"));

    Diff d = NetworkDiff.of(before, after, MatrixRequest.ping());

    assertThat(pairs(d)).containsExactlyInAnyOrder("router -> 10.1.2.3", "ns1 -> 10.1.2.3");
    FirstDifference f = change(d, "ns1", "10.1.2.3").firstDifference().orElseThrow();
    // BEFORE: the router's lookup found the blackhole route, which drops (its line cited)
    Step.Dropped was = (Step.Dropped) f.before().orElseThrow().step();
    assertThat(was.reason().code()).isEqualTo("ROUTE_BLACKHOLE");
    assertThat(origin(f.before()).line()).isEqualTo(66);
    // AFTER: the connected route the blackhole hid
    Step.RouteSelected is = (Step.RouteSelected) f.after().orElseThrow().step();
    assertThat(is.route().destination().toString()).isEqualTo("10.1.2.0/24");
    assertThat(f.after().orElseThrow().netns().value()).isEqualTo("router");
  }

  @Test
  void kubeProxySnapshots_beforeAndAfterTheFix_theFirewallsRejectAndTheMissingDnat() {
    LoadOptions pods = new LoadOptions(true);
    Network before = Podpath.load(Samples.dir().resolve("snapshots/kube-proxy-before"), pods);
    Network after = Podpath.load(Samples.dir().resolve("snapshots/kube-proxy-after"), pods);
    MatrixRequest request =
        new MatrixRequest(
            List.of("jenkins/jenkins-0"),
            List.of("default/kubernetes", "kube-system/kube-dns", "192.168.1.5"),
            Optional.empty(),
            OptionalInt.empty());

    Diff d = NetworkDiff.of(before, after, request);

    assertThat(pairs(d))
        .containsExactly(
            "jenkins/jenkins-0 -> default/kubernetes", "jenkins/jenkins-0 -> kube-system/kube-dns");
    // 192.168.1.5 is the node's address and its six host-network pods': ping there passed the
    // host firewall before too (INPUT accepts icmp above its REJECT)
    assertThat(d.unchanged()).isEqualTo(7);
    // the API server: the host firewall's REJECT in filter INPUT before, the policy after
    FirstDifference api =
        change(d, "jenkins/jenkins-0", "default/kubernetes").firstDifference().orElseThrow();
    Step.Netfilter was = (Step.Netfilter) api.before().orElseThrow().step();
    Step.Netfilter is = (Step.Netfilter) api.after().orElseThrow().step();
    assertThat(was.hook().name()).isEqualTo("INPUT");
    assertThat(origin(api.before()).line()).isEqualTo(91);
    assertThat(origin(api.before()).text())
        .isEqualTo("-A INPUT -j REJECT --reject-with icmp-host-prohibited");
    assertThat(is.byPolicy()).isTrue();
    assertThat(api.after().orElseThrow().origin()).isEmpty();
    // DNS: no endpoints before, so no DNAT; after, the DNAT to a CoreDNS pod
    FirstDifference dns =
        change(d, "jenkins/jenkins-0", "kube-system/kube-dns").firstDifference().orElseThrow();
    assertThat(dns.agreed()).isEqualTo(1);
    assertThat(((Step.Netfilter) dns.before().orElseThrow().step()).byPolicy()).isTrue();
    assertThat(origin(dns.after()).text()).contains("-j DNAT --to-destination 10.1.0.6");
  }

  @Test
  void cli_exitStatus_zeroUnchanged_oneChanged_twoBadInput_andTheJsonFields() throws Exception {
    String sample = Samples.sample("blackhole.sh").toString();
    Path after = without("blackhole.sh", 66, "ip -n router route add blackhole 10.1.2.3/32");

    CliTest.Run same = CliTest.run("diff", sample, sample);
    CliTest.Run changed = CliTest.run("diff", sample, after.toString());
    CliTest.Run json = CliTest.run("diff", sample, after.toString(), "-o", "json");
    CliTest.Run missing = CliTest.run("diff", sample, tmp.resolve("nope.sh").toString());
    CliTest.Run badSelector = CliTest.run("diff", sample, sample, "--sources", "nobody");

    assertThat(same.status()).as(same.err()).isZero();
    assertThat(same.out()).contains("0 pairs changed, 14 unchanged (of 14 in both)");
    assertThat(changed.status()).as(changed.err()).isEqualTo(1);
    assertThat(changed.out())
        .contains("ns1 -> 10.1.2.3: NOT_REACHABLE (ROUTE_BLACKHOLE at router/v1_r) -> REACHABLE")
        .contains("BEFORE: router: DROP")
        .contains("(" + sample + ":66: ip -n router route add blackhole 10.1.2.3/32)")
        .contains("AFTER : router: route input: rule 32766 lookup main -> 10.1.2.0/24");
    assertThat(json.status()).isEqualTo(1);
    com.fasterxml.jackson.databind.JsonNode root =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(root.path("format").asInt()).isEqualTo(1);
    assertThat(root.path("summary").path("changed").asInt()).isEqualTo(2);
    com.fasterxml.jackson.databind.JsonNode first = root.path("changed").get(0);
    assertThat(first.path("before").path("reason").asText()).isEqualTo("ROUTE_BLACKHOLE");
    assertThat(first.path("after").path("result").asText()).isEqualTo("REACHABLE");
    com.fasterxml.jackson.databind.JsonNode was = first.path("firstDifference").path("before");
    assertThat(was.path("packet").asText()).isEqualTo("request");
    assertThat(was.path("netns").asText()).isEqualTo("router");
    assertThat(was.path("kind").asText()).isEqualTo("drop");
    assertThat(was.path("file").asText()).isEqualTo(sample);
    assertThat(was.path("line").asInt()).isEqualTo(66);
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .startsWith("podpath: ")
        .contains("nope.sh")
        .doesNotContain("Exception");
    assertThat(badSelector.status()).isEqualTo(2);
    assertThat(badSelector.err()).contains("--sources nobody");
  }
}
