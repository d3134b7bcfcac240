package dev.podpath.model.finding;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which findings each sample scenario and sample snapshot yields, pinned: the broken samples yield
 * the finding that explains their failing probes, the healthy ones no error (a warning where the
 * sample shows something on purpose: a blackhole route, a Service without endpoints). A new sample,
 * or a check that starts or stops firing on one, fails here until the table says so.
 */
final class SampleFindingsTest {

  private static final Path SAMPLES = Path.of("..", "samples");

  /** Sample (a script, or snapshots/NAME) to its findings as "severity code", sorted. */
  private static final Map<String, String> EXPECTED =
      Map.ofEntries(
          entry("blackhole.sh", "warning route-shadowed"),
          entry("bridge-port-down.sh", "warning no-carrier"),
          entry("bridge.sh", ""),
          entry("calico-ipip.sh", ""),
          entry("cross-host-static-routes.sh", ""),
          entry("docker0.sh", ""),
          entry("firewall.sh", "error forward-drops-pod-traffic"),
          entry("flannel-across-router.sh", "error gateway-not-on-link, warning no-route-back"),
          entry("flannel-host-gw.sh", ""),
          entry("flannel-udp.sh", ""),
          entry(
              "flannel-vxlan-broken.sh",
              "error tunnel-port-blocked, error vxlan-no-fdb-entry, error vxlan-no-neighbour,"
                  + " error vxlan-stale-mac, error vxlan-unknown-vtep"),
          entry("flannel-vxlan-mtu.sh", "warning pod-mtu-above-overlay"),
          entry("flannel-vxlan.sh", ""),
          entry("gateway-other-segment.sh", "error gateway-not-on-link, warning no-route-back"),
          // c, on the underlay only, has no route back to the pods a and b forward for
          entry("geneve.sh", "warning no-route-back"),
          entry("hairpin.sh", ""),
          entry("icmp-error-source.sh", ""),
          entry("ip-forward-off.sh", "error forwarding-off"),
          entry("ipip-demo.sh", ""),
          entry(
              "kube-proxy-host-firewall.sh",
              "error forward-drops-pod-traffic, error input-rejects-local-endpoint, error rules-after-catch-all,"
                  + " warning service-without-endpoints"),
          entry("kube-proxy.sh", "warning service-without-endpoints"),
          entry("linkdown.sh", "warning no-carrier, warning no-route-back"),
          entry("missing-route.sh", "warning no-route-back"),
          entry("nft-filter.sh", ""),
          // kube-proxy's nft masquerade statement, as its iptables MASQUERADE rule in
          // kube-proxy.sh:
          // the node may translate sources, so ext's missing route back is not concluded
          entry("nft-kube-proxy.sh", ""),
          entry("policy-routing.sh", "warning no-route-back"),
          entry("proxy-arp.sh", "error gateway-not-on-link"),
          entry("router.sh", ""),
          entry("rp-filter-loose.sh", "error rp-filter-drops"),
          entry("rp-filter.sh", "error rp-filter-drops"),
          entry("tcp-connect.sh", ""),
          entry("ttl-chain.sh", ""),
          entry("udp-dns.sh", ""),
          entry("veth-down.sh", "warning no-carrier"),
          entry("veth-pair.sh", ""),
          entry("vxlan-learning.sh", ""),
          entry("wireguard.sh", ""),
          // the samples' snapshots were collected right before their first probe
          entry("snapshots/blackhole", "warning route-shadowed"),
          entry("snapshots/bridge-port-down", ""),
          entry("snapshots/bridge", ""),
          // collected in Debian's kernel in a VM (this kernel has no ipip module)
          entry("snapshots/calico-ipip", ""),
          entry("snapshots/cross-host-static-routes", ""),
          entry("snapshots/docker0", ""),
          entry("snapshots/firewall", ""),
          entry("snapshots/flannel-across-router", "warning no-route-back"),
          entry("snapshots/flannel-host-gw", ""),
          entry("snapshots/flannel-udp", ""),
          entry("snapshots/flannel-vxlan-broken", ""),
          entry("snapshots/flannel-vxlan-mtu", "warning pod-mtu-above-overlay"),
          entry("snapshots/flannel-vxlan", ""),
          entry(
              "snapshots/gateway-other-segment",
              "error gateway-not-on-link, warning no-route-back"),
          entry("snapshots/hairpin", ""),
          entry("snapshots/icmp-error-source", ""),
          entry("snapshots/ip-forward-off", "error forwarding-off"),
          entry("snapshots/ipip-demo", ""),
          entry("snapshots/kube-proxy-after", ""),
          entry(
              "snapshots/kube-proxy-before",
              "error forward-drops-pod-traffic, error input-rejects-local-endpoint, error rules-after-catch-all,"
                  + " warning service-without-endpoints"),
          entry(
              "snapshots/kube-proxy-host-firewall",
              "error forward-drops-pod-traffic, error input-rejects-local-endpoint, error rules-after-catch-all,"
                  + " warning service-without-endpoints"),
          entry("snapshots/kube-proxy", "warning service-without-endpoints"),
          entry("snapshots/linkdown", ""),
          entry("snapshots/missing-route", "warning no-route-back"),
          entry("snapshots/nft-filter", ""),
          entry("snapshots/nft-kube-proxy", ""),
          entry("snapshots/policy-routing", "warning no-route-back"),
          entry("snapshots/proxy-arp", "error gateway-not-on-link"),
          entry("snapshots/router", ""),
          entry("snapshots/rp-filter-loose", "error rp-filter-drops"),
          entry("snapshots/rp-filter", "error rp-filter-drops"),
          entry("snapshots/seed-flannel-host-gw", ""),
          entry("snapshots/tcp-connect", ""),
          entry("snapshots/ttl-chain", ""),
          entry("snapshots/udp-dns", ""),
          entry("snapshots/veth-down", "warning no-carrier"),
          entry("snapshots/veth-pair", ""),
          entry("snapshots/vxlan-learning", ""));

  static Stream<String> samples() throws IOException {
    if (!Files.isDirectory(SAMPLES)) {
      return Stream.of((String) null);
    }
    try (Stream<Path> scripts = Files.list(SAMPLES);
        Stream<Path> snaps = Files.list(SAMPLES.resolve("snapshots"))) {
      return Stream.concat(
          scripts.filter(p -> p.toString().endsWith(".sh")).map(p -> p.getFileName().toString()),
          snaps.filter(Files::isDirectory).map(p -> "snapshots/" + p.getFileName()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sample_yieldsThePinnedFindings(String sample) throws Exception {
    Assumptions.assumeTrue(sample != null, "no samples directory");
    assertThat(EXPECTED).as("a new sample: pin its findings here").containsKey(sample);
    List<Finding> found = findings(sample);
    TreeSet<String> got = new TreeSet<>();
    found.forEach(f -> got.add(f.severity().label() + " " + f.code().id()));
    assertThat(String.join(", ", got))
        .as(String.join("\n", found.stream().map(Finding::toString).toList()))
        .isEqualTo(EXPECTED.get(sample));
    for (Finding f : found) {
      assertThat(f.evidence()).as(f.toString()).isNotEmpty();
      assertThat(f.evidence().stream().filter(e -> e.origin().isPresent()))
          .as(f.toString())
          .isNotEmpty();
      assertThat(f.fixes()).allSatisfy(x -> assertThat(x.change()).isNotBlank());
    }
  }

  @Test
  void flannelVxlanBroken_eachBrokenTable_holdsWhileTheProbeThatFailsOnItRan() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "no samples directory");
    List<ScenarioFindings.Staged> staged =
        ScenarioFindings.of(
            ScenarioInterpreter.interpret(SAMPLES.resolve("flannel-vxlan-broken.sh")));
    assertThat(when(staged, Code.VXLAN_NO_FDB_ENTRY)).containsExactly(105, 115);
    assertThat(when(staged, Code.VXLAN_STALE_MAC)).containsExactly(113);
    assertThat(when(staged, Code.VXLAN_NO_NEIGHBOUR)).containsExactly(122);
    assertThat(when(staged, Code.VXLAN_UNKNOWN_VTEP)).containsExactly(128);
    assertThat(when(staged, Code.TUNNEL_PORT_BLOCKED)).containsExactly(134);
    ScenarioFindings.Staged blocked =
        staged.stream()
            .filter(s -> s.finding().code() == Code.TUNNEL_PORT_BLOCKED)
            .findFirst()
            .orElseThrow();
    assertThat(blocked.atEnd()).isTrue();
    assertThat(blocked.when())
        .isEqualTo("while the probe at line 134 ran; at the end of the script");
  }

  private static List<Integer> when(List<ScenarioFindings.Staged> staged, Code code) {
    return staged.stream()
        .filter(s -> s.finding().code() == code)
        .flatMap(s -> s.probes().stream())
        .map(Origin::line)
        .sorted()
        .toList();
  }

  private static List<Finding> findings(String sample) throws Exception {
    Path p = SAMPLES.resolve(sample);
    if (sample.startsWith("snapshots/")) {
      return Findings.of(NetworkFacts.snapshot(Snapshot.load(p, Snapshot.Options.DEFAULTS)));
    }
    return ScenarioFindings.of(ScenarioInterpreter.interpret(p)).stream()
        .map(ScenarioFindings.Staged::finding)
        .toList();
  }
}
