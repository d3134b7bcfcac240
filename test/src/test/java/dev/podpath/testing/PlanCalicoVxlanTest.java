package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.finding.Severity;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import dev.podpath.trace.plan.PlanFinding;
import dev.podpath.trace.plan.PlanFinding.PlanCode;
import dev.podpath.trace.plan.PlanReader;
import dev.podpath.trace.plan.PlanReview;
import dev.podpath.trace.render.plan.PlanText;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a Calico VXLAN plan ({@code vxlanMode}, docs/plan.md, "Calico VXLAN"), then its checks (the
 * pod MTU over VXLAN's 50 bytes, UDP 4789 through the underlay, ipipMode and vxlanMode exclusive),
 * the built scenario (vxlan.calico with VNI 4096 and port 4789, felix's routes onlink via the VTEP
 * addresses with their permanent neighbour and FDB entries, native with CrossSubnet on one subnet),
 * its matrix, and its agreement with the kernel.
 */
final class PlanCalicoVxlanTest {

  @TempDir Path tmp;

  private static Path example() {
    return Samples.root().resolve("docs/examples/plan-calico-vxlan.yaml");
  }

  private static List<PlanFinding> of(PlanReview r, PlanCode code) {
    return r.findings().stream().filter(f -> f.code() == code).toList();
  }

  private Path plan(String... lines) throws Exception {
    Path p = tmp.resolve("p" + lines.length + ".yaml");
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  @Test
  void crossSubnet_routesTheRackNatively_theOtherRackThroughVxlanCalico_everyCellReachable()
      throws Exception {
    Path script = tmp.resolve("vx.sh");

    PlanReview r = PlanReview.of(PlanReader.read(example()), script);

    assertThat(r.findings()).noneMatch(f -> f.severity() == Severity.ERROR);
    assertThat(r.capacity().podMtu()).isEqualTo(1450);
    assertThat(of(r, PlanCode.POD_MTU).get(0).explanation())
        .contains("minus VXLAN's 50 bytes", "vxlan.calico gets the same MTU");
    List<PlanFinding> port = of(r, PlanCode.UNDERLAY_PORT);
    assertThat(port).hasSize(1);
    assertThat(port.get(0).explanation())
        .contains("UDP to port 4789 (VNI 4096)", "on different subnets [rack1, rack2]");
    assertThat(port.get(0).evidence().get(0).origin().orElseThrow().line()).isEqualTo(11);
    assertThat(of(r, PlanCode.UNDERLAY_PROTOCOL)).isEmpty();
    String s = Files.readString(script);
    assertThat(s)
        .contains(
            "ip -n node1 link add vxlan.calico address 66:ca:00:00:00:00 type vxlan id 4096 local"
                + " 192.168.1.10 dev eth0 dstport 4789 nolearning",
            "ip -n node1 link set vxlan.calico mtu 1450 up",
            "ip -n node1 addr add 10.244.0.0/32 dev vxlan.calico",
            "ip -n node1 route add blackhole 10.244.0.0/26 proto 80",
            // same subnet: native; another subnet: via the VTEP address, onlink, resolved by the
            // permanent neighbour and FDB entries
            "ip -n node1 route add 10.244.0.64/26 via 192.168.1.11 dev eth0 proto 80",
            "ip -n node1 route add 10.244.0.128/26 via 10.244.0.128 dev vxlan.calico proto 80"
                + " onlink",
            "ip -n node1 neigh add 10.244.0.128 lladdr 66:ca:00:00:00:02 dev vxlan.calico nud"
                + " permanent",
            "bridge -n node1 fdb append 66:ca:00:00:00:02 dev vxlan.calico dst 192.168.2.10 self"
                + " permanent",
            "ip -n node3 route add 10.244.0.64/26 via 10.244.0.64 dev vxlan.calico proto 80"
                + " onlink",
            "ip -n node1 route add 10.244.0.1/32 dev cali")
        .doesNotContain("tunl0", "modprobe", "cni0", "flannel", "--kernel=vm")
        .doesNotContain("ip -n node1 neigh add 10.244.0.64 ");
    assertThat(r.matrix().orElseThrow().cells())
        .hasSize(141)
        .allMatch(c -> c.verdict() == Verdict.REACHABLE);
    assertThat(r.services())
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.matrix().count(Verdict.REACHABLE)).isEqualTo(9));
    assertThat(r.fails()).isFalse();
    ScriptCheck c = ScenarioInterpreter.check(script.toString(), s, Sysctls.kernelDefaults());
    assertThat(c.problems()).isEmpty();
    assertThat(Podpath.load(script).findings()).isEmpty();
    assertThat(PlanText.text(r, false))
        .contains("3 nodes, Calico VXLAN CrossSubnet (VNI 4096, UDP 4789)");
  }

  @Test
  void always_sendsEveryOtherBlockThroughVxlanCalico_andARouterDroppingUdp4789_cutsTheOtherRack()
      throws Exception {
    Path p = tmp.resolve("always.yaml");
    Files.writeString(
        p, Files.readString(example()).replace("vxlanMode: CrossSubnet", "vxlanMode: Always"));
    Path script = tmp.resolve("always.sh");

    PlanReview r = PlanReview.of(PlanReader.read(p), script);

    String s = Files.readString(script);
    assertThat(s)
        .contains(
            "ip -n node1 route add 10.244.0.64/26 via 10.244.0.64 dev vxlan.calico proto 80 onlink")
        .doesNotContain("dev eth0 proto 80");
    assertThat(of(r, PlanCode.UNDERLAY_PORT).get(0).explanation())
        .doesNotContain("on different subnets");
    assertThat(r.matrix().orElseThrow().cells()).allMatch(c -> c.verdict() == Verdict.REACHABLE);
    // the cells can fail: a router that drops UDP 4789 (the underlay-port check) cuts node1's
    // pods off node3's, on the other rack, and not off node2's, beside them
    Path broken = tmp.resolve("broken.sh");
    Files.writeString(
        broken, s + "ip netns exec edge iptables -A FORWARD -p udp --dport 4789 -j DROP\n");
    List<Cell> cells =
        ReachabilityMatrix.of(
                Podpath.load(broken),
                new MatrixRequest(
                    List.of("node1-pod1"),
                    List.of("10.244.0.65", "10.244.0.129"),
                    Optional.empty(),
                    OptionalInt.empty()))
            .cells();
    assertThat(cells)
        .extracting(x -> x.to().label() + " " + x.verdict())
        .containsExactlyInAnyOrder("10.244.0.65 REACHABLE", "10.244.0.129 NOT_REACHABLE");
  }

  @Test
  void crossSubnet_onOneSubnet_encapsulatesNothing() throws Exception {
    Path p =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, vxlanMode: CrossSubnet, blockSize: 24}",
            "nodes:",
            "  - {name: a, address: 192.168.1.10/24}",
            "  - {name: b, address: 192.168.1.11/24}");
    Path script = tmp.resolve("one.sh");

    PlanReview r = PlanReview.of(PlanReader.read(p), script);

    assertThat(of(r, PlanCode.UNDERLAY_PORT).get(0).explanation())
        .contains("no packet is encapsulated");
    assertThat(Files.readString(script))
        .contains("ip -n a route add 10.244.1.0/24 via 192.168.1.11 dev eth0 proto 80")
        .doesNotContain("dev vxlan.calico proto 80 onlink");
    assertThat(r.matrix().orElseThrow().cells()).allMatch(c -> c.verdict() == Verdict.REACHABLE);
  }

  @Test
  void ipipModeAndVxlanMode_areExclusive_andBothNever_isNotPlannedYet() throws Exception {
    Path both =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni:",
            "  plugin: calico",
            "  ipipMode: Always",
            "  vxlanMode: Always",
            "nodes: [{name: a, address: 192.168.1.10/24}]");
    assertThatThrownBy(() -> PlanReader.read(both))
        .hasMessageStartingWith(both + ":5:")
        .hasMessageContaining("/cni/vxlanMode: ipipMode Always and vxlanMode Always")
        .hasMessageContaining("not both");
    Path never =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, ipipMode: Never, vxlanMode: Never}",
            "nodes: [{name: a, address: 192.168.1.10/24}]",
            "");
    assertThatThrownBy(() -> PlanReader.read(never))
        .hasMessageStartingWith(never + ":2:")
        .hasMessageContaining("/cni/vxlanMode: \"Never\"")
        .hasMessageContaining("not planned yet");
    Path bad =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, vxlanMode: always}",
            "nodes: [{name: a, address: 192.168.1.10/24}]",
            "",
            "");
    assertThatThrownBy(() -> PlanReader.read(bad))
        .hasMessageContaining("/cni/vxlanMode: \"always\": expected Always, CrossSubnet or Never");
    Path flannel =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, nodeCidrMaskSize: 24, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: flannel, vxlanMode: Always}",
            "nodes: [{name: a, address: 192.168.1.10/24}]",
            "",
            "",
            "",
            "");
    assertThatThrownBy(() -> PlanReader.read(flannel))
        .hasMessageContaining("/cni/vxlanMode: \"vxlanMode\" is Calico's");
    CliTest.Run cli = CliTest.run("plan", both.toString());
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).doesNotContain("Exception");
  }

  /**
   * The example's built scenario, run by {@code podpath verify} in this machine's kernel (it has
   * vxlan: the namespace sandbox, no VM), kept with its transcript in test resources {@code plan/}:
   * every probe agrees (pod to pod natively on a rack and through vxlan.calico across the router,
   * pods to the three Service ports, a pod to the office LAN), and the state after them differs
   * only in conntrack entries' source ports (the probes' ephemeral ports, VXLAN's hashed outer
   * source port).
   */
  @Test
  void scenario_agreesWithTheKernelsTranscript() throws Exception {
    Path script =
        Path.of(Objects.requireNonNull(getClass().getResource("/plan/calico-vxlan.sh")).toURI());
    String transcript = Files.readString(script.resolveSibling("calico-vxlan.kernel.txt"));
    Path built = tmp.resolve("built.sh");
    PlanReview.of(PlanReader.read(example()), built);
    assertThat(fromSetE(Files.readString(built))).isEqualTo(fromSetE(Files.readString(script)));
    assertThat(transcript).startsWith("# kernel ").contains("dport=4789");

    Verifier.Report report =
        Verifier.compare(script.toString(), ScenarioInterpreter.interpret(script), transcript);

    assertThat(report.probes()).hasSize(10);
    assertThat(report.differing()).isZero();
    assertThat(report.commands()).isEmpty();
    assertThat(report.state().differences())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.kind()).isEqualTo("conntrack"))
        .allSatisfy(
            d ->
                assertThat(d.kernel().contains("(no entry)"))
                    .isNotEqualTo(d.podpath().contains("(no entry)")));
  }

  private static String fromSetE(String script) {
    return script.substring(script.indexOf("\nset -e\n"));
  }
}
