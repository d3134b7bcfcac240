package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.finding.Severity;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Verdict;
import dev.podpath.trace.plan.PlanException;
import dev.podpath.trace.plan.PlanFinding;
import dev.podpath.trace.plan.PlanFinding.PlanCode;
import dev.podpath.trace.plan.PlanReader;
import dev.podpath.trace.plan.PlanReview;
import dev.podpath.trace.render.plan.PlanText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a Calico IPIP plan (docs/plan.md, "Calico IPIP"), then its checks (the pool against the
 * nodes' subnet, the pod MTU over IPIP, IP protocol 4 through the underlay, Calico's blocks), the
 * built scenario (tunl0, bird's routes through it or native with CrossSubnet, the blackhole of the
 * node's own block, the pods' /32 routes through proxy-ARP cali veths) and its matrix.
 */
final class PlanCalicoTest {

  @TempDir Path tmp;

  private static Path example(String name) {
    return Samples.root().resolve("docs/examples").resolve(name);
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
  void calicosDefaultPool_onNodesOf192168_overlaps_andTheMtuToSetIs1480() throws Exception {
    PlanReview r =
        PlanReview.of(PlanReader.read(example("plan-calico-ipip.yaml")), tmp.resolve("c.sh"));

    List<PlanFinding> overlaps = of(r, PlanCode.CIDR_OVERLAP);
    assertThat(overlaps).hasSize(1);
    assertThat(overlaps.get(0).explanation()).contains("192.168.0.0/16", "192.168.2.0/24");
    assertThat(overlaps.get(0).evidence())
        .extracting(e -> e.origin().orElseThrow().line())
        .containsExactly(5, 16);
    List<PlanFinding> mtu = of(r, PlanCode.POD_MTU);
    assertThat(mtu).hasSize(1);
    assertThat(mtu.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(mtu.get(0).explanation()).contains("IPIP overhead of 20");
    assertThat(mtu.get(0).fixes().get(0).change()).isEqualTo("cluster.podMtu: 1480");
    assertThat(r.capacity().podMtu()).isEqualTo(1480);
    // blocks of /26 in a /16; a block's 64 addresses but tunl0's
    assertThat(r.capacity().nodes()).isEqualTo(1024);
    assertThat(r.capacity().podsPerNode()).isEqualTo(63);
    List<PlanFinding> proto = of(r, PlanCode.UNDERLAY_PROTOCOL);
    assertThat(proto).hasSize(1);
    assertThat(proto.get(0).explanation()).contains("IP protocol 4");
    assertThat(proto.get(0).evidence().get(0).origin().orElseThrow().line()).isEqualTo(10);
    // the overlap in the matrix: a pod's packet to the router's address on the nodes' subnet is
    // for the pool, so not masqueraded, and the router has no route back to the pool
    List<String> failed =
        r.matrix().orElseThrow().cells().stream()
            .filter(c -> c.verdict() != Verdict.REACHABLE)
            .map(c -> c.from().label() + " -> " + c.to().label() + " " + c.code().orElse(""))
            .toList();
    assertThat(failed)
        .hasSize(6)
        .allMatch(f -> f.endsWith("-> 192.168.2.254 NO_ROUTE") && f.contains("-pod"));
    assertThat(r.fails()).isTrue();
    assertThat(PlanText.text(r, false)).contains("3 nodes, Calico IPIP Always", "blocks of /26");
    assertThat(PlanText.markdown(r, false)).contains("| IPAM block |", "IPAM blocks)");
  }

  @Test
  void crossSubnet_routesTheSameSubnetNatively_theOtherThroughTunl0_andEveryCellIsReachable()
      throws Exception {
    Path script = tmp.resolve("cross.sh");

    PlanReview r = PlanReview.of(PlanReader.read(example("plan-calico-cross-subnet.yaml")), script);

    assertThat(r.findings()).noneMatch(f -> f.severity() == Severity.ERROR);
    assertThat(of(r, PlanCode.UNDERLAY_PROTOCOL).get(0).explanation())
        .contains("on different subnets [rack1, rack2]");
    String s = Files.readString(script);
    assertThat(s)
        .contains(
            "modprobe ipip",
            "ip -n node1 link set tunl0 mtu 1480 up",
            "ip -n node1 addr add 10.244.0.0/32 dev tunl0",
            "ip -n node1 route add blackhole 10.244.0.0/26 proto bird",
            // same subnet: native; another subnet: through tunl0, onlink
            "ip -n node1 route add 10.244.0.64/26 via 192.168.1.11 dev eth0 proto bird",
            "ip -n node1 route add 10.244.0.128/26 via 192.168.2.10 dev tunl0 proto bird onlink",
            "ip -n node3 route add 10.244.0.0/26 via 192.168.1.10 dev tunl0 proto bird onlink",
            // the pods: /32, the gateway nobody owns, the cali veth's proxy ARP and /32 route
            "ip -n node1-pod1 addr add 10.244.0.1/32 dev eth0",
            "ip -n node1-pod1 route add default via 169.254.1.1 dev eth0",
            "address ee:ee:ee:ee:ee:ee up",
            ".proxy_arp=1",
            "ip -n node1 route add 10.244.0.1/32 dev cali")
        .doesNotContain("cni0", "flannel");
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
  }

  @Test
  void always_sendsEveryOtherBlockThroughTunl0_andARouterDroppingProtocol4_cutsTheOtherRackOff()
      throws Exception {
    Path p = tmp.resolve("always.yaml");
    Files.writeString(
        p,
        Files.readString(example("plan-calico-cross-subnet.yaml"))
            .replace("ipipMode: CrossSubnet", "ipipMode: Always"));
    Path script = tmp.resolve("always.sh");

    PlanReview r = PlanReview.of(PlanReader.read(p), script);

    String s = Files.readString(script);
    assertThat(s)
        .contains(
            "ip -n node1 route add 10.244.0.64/26 via 192.168.1.11 dev tunl0 proto bird onlink")
        .doesNotContain("dev eth0 proto bird");
    assertThat(r.matrix().orElseThrow().cells()).allMatch(c -> c.verdict() == Verdict.REACHABLE);
    // the cells can fail: a router that drops IP protocol 4 (the underlay-protocol check) cuts
    // node1's pods off node3's, on the other rack, and not off node2's, beside them
    Path broken = tmp.resolve("broken.sh");
    Files.writeString(broken, s + "ip netns exec edge iptables -A FORWARD -p 4 -j DROP\n");
    List<Cell> cells =
        dev.podpath.trace.matrix.ReachabilityMatrix.of(
                Podpath.load(broken),
                new dev.podpath.trace.matrix.MatrixRequest(
                    List.of("node1-pod1"),
                    List.of("10.244.0.65", "10.244.0.129"),
                    java.util.Optional.empty(),
                    java.util.OptionalInt.empty()))
            .cells();
    assertThat(cells)
        .extracting(x -> x.to().label() + " " + x.verdict())
        .containsExactlyInAnyOrder("10.244.0.65 REACHABLE", "10.244.0.129 NOT_REACHABLE");
  }

  @Test
  void calicosOldDefaultPodMtu1440_fits_andASmallPool_runsOutOfBlocks() throws Exception {
    Path p =
        plan(
            "cluster: {podCidr: 10.244.0.0/22, serviceCidr: 10.96.0.0/12, podMtu: 1440}",
            "cni: {plugin: calico, ipipMode: Always}",
            "nodes:",
            "  - {name: a, address: 192.168.1.10/24}",
            "  - {name: b, address: 192.168.1.11/24}",
            "growth: {nodes: 10, podsPerNode: 110}");

    PlanReview r = PlanReview.of(PlanReader.read(p), tmp.resolve("s.sh"));

    assertThat(of(r, PlanCode.POD_MTU))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    // 16 blocks of /26; 110 pods and tunl0 take 2 blocks a node, 10 nodes 20
    assertThat(of(r, PlanCode.POD_CAPACITY))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.explanation())
                    .contains("needs 2 Calico blocks of /26", "10 nodes need 20", "has 16"));
    assertThat(of(r, PlanCode.NODE_CAPACITY)).isEmpty();
  }

  @Test
  void crossSubnet_onOneSubnet_encapsulatesNothing() throws Exception {
    Path p =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, ipipMode: CrossSubnet, blockSize: 24}",
            "nodes:",
            "  - {name: a, address: 192.168.1.10/24}",
            "  - {name: b, address: 192.168.1.11/24}");
    Path script = tmp.resolve("one.sh");

    PlanReview r = PlanReview.of(PlanReader.read(p), script);

    assertThat(of(r, PlanCode.UNDERLAY_PROTOCOL).get(0).explanation())
        .contains("no packet is encapsulated");
    assertThat(Files.readString(script))
        .contains("ip -n a route add 10.244.1.0/24 via 192.168.1.11 dev eth0 proto bird")
        .doesNotContain("dev tunl0 proto bird");
    assertThat(r.matrix().orElseThrow().cells()).allMatch(c -> c.verdict() == Verdict.REACHABLE);
  }

  @Test
  void calicoKeys_areChecked_withFileLineAndKeyPath() throws Exception {
    Path mask =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, nodeCidrMaskSize: 24, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico}",
            "nodes: [{name: a, address: 192.168.1.10/24}]");
    assertThatThrownBy(() -> PlanReader.read(mask))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(mask + ":1:")
        .hasMessageContaining("/cluster/nodeCidrMaskSize: with cni.plugin calico")
        .hasMessageContaining("cni.blockSize");
    Path never =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, ipipMode: Never}",
            "nodes: [{name: a, address: 192.168.1.10/24}]",
            "");
    assertThatThrownBy(() -> PlanReader.read(never))
        .hasMessageStartingWith(never + ":2:")
        .hasMessageContaining("/cni/ipipMode: \"Never\"")
        .hasMessageContaining("not planned yet");
    Path vni =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, vni: 4096}",
            "nodes: [{name: a, address: 192.168.1.10/24}]",
            "",
            "");
    assertThatThrownBy(() -> PlanReader.read(vni))
        .hasMessageContaining("/cni/vni: \"vni\" is flannel's");
    Path block =
        plan(
            "cluster: {podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12}",
            "cni: {plugin: calico, blockSize: 12}",
            "nodes: [{name: a, address: 192.168.1.10/24}]",
            "",
            "",
            "");
    assertThatThrownBy(() -> PlanReader.read(block))
        .hasMessageContaining("/cni/blockSize: \"12\": expected a whole number from 20 to 32");
    CliTest.Run cli = CliTest.run("plan", never.toString());
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).doesNotContain("Exception");
  }

  /**
   * The cross-subnet example's built scenario, run by {@code podpath verify --kernel=vm} in
   * Debian's kernel under qemu (this machine's has no ipip module), kept with its transcript in
   * test resources {@code plan/}: every probe agrees (pod to pod natively on a rack and through
   * tunl0 across the router, pods to the three Service ports, a pod to the office LAN), and the
   * state after them differs only in conntrack entries' source ports (the probes' ephemeral ports):
   * the IPIP flows' generic entries ({@code unknown 4}) agree.
   */
  @Test
  void crossSubnetsScenario_agreesWithTheVmKernelsTranscript() throws Exception {
    Path script =
        Path.of(
            java.util.Objects.requireNonNull(getClass().getResource("/plan/calico-cross-subnet.sh"))
                .toURI());
    String transcript = Files.readString(script.resolveSibling("calico-cross-subnet.kernel.txt"));
    // the kept scenario is what plan builds today (its header names the plan file as given)
    Path built = tmp.resolve("built.sh");
    PlanReview.of(PlanReader.read(example("plan-calico-cross-subnet.yaml")), built);
    assertThat(fromSetE(Files.readString(built))).isEqualTo(fromSetE(Files.readString(script)));
    assertThat(transcript).startsWith("# vm: ").contains("modules loaded: ipip", "unknown  4 ");

    dev.podpath.trace.verify.Verifier.Report report =
        dev.podpath.trace.verify.Verifier.compare(
            script.toString(), ScenarioInterpreter.interpret(script), transcript);

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
