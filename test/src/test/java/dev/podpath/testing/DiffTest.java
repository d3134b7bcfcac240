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

  @Test
  void apply_onAScenario_theChangedPairsCiteTheChangesLine() {
    Network input = Podpath.load(Samples.sample("missing-route.sh"));
    Path changes = Samples.dir().resolve("changes/missing-route-back.sh");

    Diff d = NetworkDiff.ofChanges(input, changes, MatrixRequest.ping());

    assertThat(d.after()).isEqualTo(input.name() + " with " + changes + " applied");
    assertThat(d.applied().orElseThrow().commands())
        .extracting(Origin::line, Origin::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, "ip -n ns2 route add default via 10.1.2.1"));
    assertThat(pairs(d))
        .containsExactlyInAnyOrder("ns1 -> 10.1.2.2", "ns2 -> 10.1.1.1", "ns2 -> 10.1.1.2");
    assertThat(d.changed())
        .allSatisfy(
            c -> {
              assertThat(c.before().verdict()).isEqualTo(Verdict.NOT_REACHABLE);
              assertThat(c.after().verdict()).isEqualTo(Verdict.REACHABLE);
              assertThat(c.changedBy().orElseThrow().line()).isEqualTo(4);
              Origin is = origin(c.firstDifference().orElseThrow().after());
              assertThat(is.file()).isEqualTo(changes.toString());
              assertThat(is.line()).isEqualTo(4);
            });
    // the request reaches ns2 both times; the answer finds no route back BEFORE
    FirstDifference back = change(d, "ns1", "10.1.2.2").firstDifference().orElseThrow();
    assertThat(back.before().orElseThrow().leg()).isEqualTo(Decision.Leg.RESPONSE);
    assertThat(back.agreed()).isGreaterThan(0);
  }

  /** The real snapshot's pod to the API server, with a changes file of two iptables lines. */
  private static Diff openInput(Path changes) {
    Network input =
        Podpath.load(Samples.dir().resolve("snapshots/kube-proxy-before"), new LoadOptions(true));
    MatrixRequest request =
        new MatrixRequest(
            List.of("jenkins/jenkins-0"),
            List.of("default/kubernetes", "kube-system/kube-dns"),
            Optional.empty(),
            OptionalInt.empty());
    return NetworkDiff.ofChanges(input, changes, request);
  }

  @Test
  void apply_onARealSnapshot_eachPairCitesTheCommandThatTurnedIt_notTheLast() throws Exception {
    Path changes = Samples.dir().resolve("changes/kube-proxy-open-input.sh");

    Diff d = openInput(changes);

    // DNS has no endpoints before and after: kube-proxy's REJECT, not the host firewall
    assertThat(pairs(d)).containsExactly("jenkins/jenkins-0 -> default/kubernetes");
    PairChange api = d.changed().get(0);
    // line 6 (ACCEPT tcp 6443) turned the pair; line 7 (ACCEPT -i cni0), inserted above it, is
    // the rule that accepts once both are in
    assertThat(api.changedBy().orElseThrow().line()).isEqualTo(6);
    assertThat(api.changedBy().orElseThrow().text()).contains("--dport 6443 -j ACCEPT");
    FirstDifference f = api.firstDifference().orElseThrow();
    assertThat(origin(f.before()).line()).isEqualTo(91);
    assertThat(origin(f.after()).file()).isEqualTo(changes.toString());
    assertThat(origin(f.after()).line()).isEqualTo(7);

    // the same two lines the other way round: the cni0 line turns it
    List<String> lines = new ArrayList<>(Files.readAllLines(changes));
    String open6443 = lines.get(5);
    lines.set(5, lines.get(6));
    lines.set(6, open6443);
    Path swapped = tmp.resolve("swapped.sh");
    Files.write(swapped, lines);
    PairChange other = openInput(swapped).changed().get(0);
    assertThat(other.changedBy().orElseThrow().line()).isEqualTo(6);
    assertThat(other.changedBy().orElseThrow().text()).contains("-i cni0 -j ACCEPT");
  }

  @Test
  void recreatedPods_realSnapshots_matchedByTheirOwner_andTheirNewVethIsNoDifference() {
    LoadOptions pods = new LoadOptions(true);
    Network before = Podpath.load(Samples.dir().resolve("snapshots/kube-proxy-before"), pods);
    Network after = Podpath.load(Samples.dir().resolve("snapshots/kube-proxy-after"), pods);
    MatrixRequest request =
        new MatrixRequest(
            List.of("jenkins/jenkins-0"), List.of(), Optional.empty(), OptionalInt.empty());

    Diff d = NetworkDiff.of(before, after, request);

    // CoreDNS's two pods were recreated by a new ReplicaSet (hash 5b8bf7b657 -> 857d9ff4c9), every
    // pod got a new address; nothing is left unmatched
    assertThat(d.onlyBefore()).isEmpty();
    assertThat(d.onlyAfter()).isEmpty();
    assertThat(d.recreated())
        .extracting(
            dev.podpath.trace.diff.Recreated::before, dev.podpath.trace.diff.Recreated::after)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "kube-system/coredns-5b8bf7b657-5gjrq", "kube-system/coredns-857d9ff4c9-7m27z"),
            org.assertj.core.groups.Tuple.tuple(
                "kube-system/coredns-5b8bf7b657-rqndm", "kube-system/coredns-857d9ff4c9-wwczd"),
            org.assertj.core.groups.Tuple.tuple("jenkins/jenkins-0", "jenkins/jenkins-0"));
    dev.podpath.trace.diff.Recreated dns =
        d.recreated().stream()
            .filter(r -> r.before().equals("kube-system/coredns-5b8bf7b657-5gjrq"))
            .findFirst()
            .orElseThrow();
    assertThat(dns.owner()).contains("kube-system/coredns");
    assertThat(dns.replicas()).isEqualTo(2);
    assertThat(dns.afterAddress().orElseThrow().toString()).isEqualTo("10.1.0.67");

    // the pair to the recreated pod: its new name, and the host firewall's FORWARD REJECT as the
    // first difference (not the new pod's veth on cni0)
    PairChange c = change(d, "jenkins/jenkins-0", "kube-system/coredns-5b8bf7b657-5gjrq");
    assertThat(c.toAfter()).isEqualTo("kube-system/coredns-857d9ff4c9-7m27z");
    assertThat(c.renamed()).isTrue();
    FirstDifference f = c.firstDifference().orElseThrow();
    assertThat(f.before().orElseThrow().step()).isInstanceOf(Step.Netfilter.class);
    assertThat(origin(f.before()).text())
        .isEqualTo("-A FORWARD -j REJECT --reject-with icmp-host-prohibited");
  }

  @Test
  void cli_apply_badLineIsExitTwoWithFileLineText_andAfterOrApplyNotBoth() throws Exception {
    String sample = Samples.sample("missing-route.sh").toString();
    String changes = Samples.dir().resolve("changes/missing-route-back.sh").toString();
    Path bad = tmp.resolve("bad.sh");
    Files.writeString(
        bad,
        "ip -n ns2 route add default via 10.1.2.1\nip -n ns2 route add 10.9.0.0/16 via 10.99.0.1\n");

    CliTest.Run ok = CliTest.run("diff", sample, "--apply", changes);
    CliTest.Run json = CliTest.run("diff", sample, "--apply", changes, "-o", "json");
    CliTest.Run failing = CliTest.run("diff", sample, "--apply", bad.toString());
    CliTest.Run both = CliTest.run("diff", sample, sample, "--apply", changes);
    CliTest.Run neither = CliTest.run("diff", sample);

    assertThat(ok.status()).as(ok.err()).isEqualTo(1);
    assertThat(ok.out())
        .contains("AFTER  " + sample + " with " + changes + " applied")
        .contains("  " + changes + ":4: ip -n ns2 route add default via 10.1.2.1")
        .contains("ns2 -> 10.1.1.1: NOT_REACHABLE (NO_ROUTE at ns2) -> REACHABLE")
        .contains("  turned by " + changes + ":4: ip -n ns2 route add default via 10.1.2.1");
    com.fasterxml.jackson.databind.JsonNode root =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(root.path("applied").path("commands").get(0).path("line").asInt()).isEqualTo(4);
    assertThat(root.path("changed").get(0).path("changedBy").path("file").asText())
        .isEqualTo(changes);
    assertThat(failing.status()).isEqualTo(2);
    assertThat(failing.err())
        .startsWith("podpath: " + bad + ":2: ")
        .contains("ip -n ns2 route add 10.9.0.0/16 via 10.99.0.1")
        .doesNotContain("Exception");
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
    assertThat(neither.status()).isEqualTo(2);
    assertThat(neither.err()).contains("--apply CHANGES.sh");
  }
}
