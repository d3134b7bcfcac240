package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.finding.Severity;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Verdict;
import dev.podpath.trace.plan.Plan;
import dev.podpath.trace.plan.PlanException;
import dev.podpath.trace.plan.PlanFinding;
import dev.podpath.trace.plan.PlanFinding.PlanCode;
import dev.podpath.trace.plan.PlanReader;
import dev.podpath.trace.plan.PlanReview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the plan of docs/plan.md (a 3-node flannel VXLAN cluster next to an office VPN on
 * 10.10.0.0/16), when reviewed, then the VPN overlap and the pod MTU to set; given the fixed plan,
 * no error, and the built cluster's matrix all REACHABLE; its scenario passes lint and (as root)
 * the kernel's verify.
 */
final class PlanTest {

  @TempDir Path tmp;

  private static Path example(String name) {
    return Samples.root().resolve("docs/examples").resolve(name);
  }

  private static List<PlanFinding> of(PlanReview r, PlanCode code) {
    return r.findings().stream().filter(f -> f.code() == code).toList();
  }

  @Test
  void theExamplePlan_givesTheVpnOverlap_andTheMtuToSet() throws Exception {
    Plan plan = PlanReader.read(example("plan-vxlan-vpn.yaml"));

    PlanReview r = PlanReview.of(plan, tmp.resolve("planned.sh"));

    List<PlanFinding> overlaps = of(r, PlanCode.CIDR_OVERLAP);
    assertThat(overlaps).hasSize(1);
    PlanFinding vpn = overlaps.get(0);
    assertThat(vpn.severity()).isEqualTo(Severity.ERROR);
    assertThat(vpn.explanation()).contains("10.10.0.0/16").contains("office-vpn");
    assertThat(vpn.evidence())
        .extracting(e -> e.origin().orElseThrow().line())
        .containsExactly(4, 27);
    assertThat(vpn.fixes().get(0).change()).isEqualTo("cluster.podCidr: 10.0.0.0/16");
    // the VPN is built behind a router: the overlap is a failed cell too. A pod's packet to the
    // VPN's host (10.10.255.254) and the router's VPN address (.253) leaves unmasqueraded (it is
    // for the pod CIDR), and the answer is for an address the VPN side has on its own link
    List<String> failed =
        r.matrix().orElseThrow().cells().stream()
            .filter(c -> c.verdict() != Verdict.REACHABLE)
            .map(c -> c.from().label() + " -> " + c.to().label() + " " + c.code().orElse(""))
            .toList();
    assertThat(failed).hasSize(12);
    for (String pod :
        List.of(
            "master-pod1",
            "master-pod2",
            "worker1-pod1",
            "worker1-pod2",
            "worker2-pod1",
            "worker2-pod2")) {
      assertThat(failed)
          .contains(
              pod + " -> 10.10.255.254 NEIGHBOUR_FAILED",
              pod + " -> 10.10.255.253 NEIGHBOUR_FAILED");
    }
    // the nodes reach the VPN (their own addresses are not in it), the pods the office LAN
    assertThat(
            r.matrix().orElseThrow().cells().stream()
                .filter(
                    c ->
                        c.to().label().equals("10.10.255.254")
                            && c.from().label().equals("master")))
        .hasSize(1)
        .allMatch(c -> c.verdict() == Verdict.REACHABLE);
    assertThat(vpn.code().lint()).contains(dev.podpath.model.finding.Code.CIDR_OVERLAP);
    List<PlanFinding> mtu = of(r, PlanCode.POD_MTU);
    assertThat(mtu).hasSize(1);
    assertThat(mtu.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(mtu.get(0).fixes().get(0).change()).isEqualTo("cluster.podMtu: 1450");
    assertThat(r.capacity().podMtu()).isEqualTo(1450);
    assertThat(r.capacity().nodes()).isEqualTo(256);
    assertThat(r.capacity().podsPerNode()).isEqualTo(253);
    assertThat(r.fails()).isTrue();
  }

  @Test
  void theFixedPlan_hasNoError_andEveryPodAndNodeReachesEveryOther() throws Exception {
    Plan plan = PlanReader.read(example("plan-vxlan-vpn-fixed.yaml"));
    Path script = tmp.resolve("planned.sh");

    PlanReview r = PlanReview.of(plan, script);

    assertThat(r.findings()).noneMatch(f -> f.severity() == Severity.ERROR);
    assertThat(r.matrix()).isPresent();
    // 3 nodes (eth0, cni0, flannel.1) and 6 pods: 9 sources; 15 addresses of theirs, the router
    // toward the networks already there (3), a host of each network (2) and the CoreDNS pod (1)
    assertThat(r.matrix().get().rows()).hasSize(9);
    assertThat(r.matrix().get().columns()).hasSize(21);
    assertThat(r.matrix().get().cells()).hasSize(3 * 18 + 6 * 20);
    // the Services kube-proxy's rules make: every node and pod reaches the API server's ClusterIP
    // (the first node its own too: OUTPUT's DNAT to its own address) and DNS's on UDP and TCP 53;
    // checked in the kernel sandbox by hand (docs/plan.md): worker1's and master-pod1's datagrams
    // reached CoreDNS's listener DNATed, and master's connection to its own API Service succeeded
    assertThat(r.services())
        .extracting(
            c ->
                c.service().name()
                    + " "
                    + c.service().clusterIp()
                    + " "
                    + c.service().protocol()
                    + "/"
                    + c.service().port())
        .containsExactly(
            "default/kubernetes 10.96.0.1 tcp/443",
            "kube-system/kube-dns 10.96.0.10 udp/53",
            "kube-system/kube-dns 10.96.0.10 tcp/53");
    assertThat(r.services())
        .allSatisfy(
            c -> {
              assertThat(c.matrix().rows()).extracting(x -> x.label()).contains("master");
              assertThat(c.matrix().cells()).hasSize(9);
              assertThat(c.matrix().count(Verdict.REACHABLE)).isEqualTo(9);
            });
    assertThat(r.matrix().get().columns())
        .extracting(c -> c.label())
        .contains("10.10.255.254", "192.168.10.254", "192.168.2.254");
    assertThat(r.matrix().get().count(Verdict.REACHABLE))
        .isEqualTo(r.matrix().get().cells().size());
    assertThat(r.fails()).isFalse();
    // the emitted scenario passes lint: no failing line, no finding
    ScriptCheck c =
        ScenarioInterpreter.check(
            script.toString(), Files.readString(script), Sysctls.kernelDefaults());
    assertThat(c.problems()).isEmpty();
    assertThat(Podpath.load(script).findings()).isEmpty();
    CliTest.Run lint = CliTest.run("lint", script.toString());
    assertThat(lint.status()).as(lint.out()).isZero();
  }

  @Test
  void hostGwAcrossSegments_andCapacity_areFound_andTheMatrixFailsAcrossTheRouter()
      throws Exception {
    Path p = tmp.resolve("p.yaml");
    Files.writeString(
        p,
        String.join(
            "\n",
            "cluster: {podCidr: 10.244.0.0/22, nodeCidrMaskSize: 24, serviceCidr: 10.96.0.0/24}",
            "cni: {mode: host-gw}",
            "nodes:",
            "  - {name: a, address: 192.168.1.10/24, segment: rack1}",
            "  - {name: b, address: 192.168.2.10/24, segment: rack2}",
            "docker: {}",
            "growth: {nodes: 8, podsPerNode: 300, services: 500}",
            ""));

    PlanReview r = PlanReview.of(PlanReader.read(p), tmp.resolve("s.sh"));

    assertThat(r.findings())
        .extracting(PlanFinding::code)
        .contains(
            PlanCode.HOST_GW_ACROSS_SEGMENTS,
            PlanCode.NODE_CAPACITY,
            PlanCode.POD_CAPACITY,
            PlanCode.SERVICE_CAPACITY);
    // Docker's default pools hold 192.168.0.0/16: both segments collide with them
    assertThat(of(r, PlanCode.CIDR_OVERLAP))
        .extracting(PlanFinding::explanation)
        .anySatisfy(
            e ->
                assertThat(e).contains("192.168.1.0/24").contains("Docker's default address pool"));
    // built with the router between the segments: a reaches b's node address through it, but not
    // b's pods (a's host-gw route via 192.168.2.10 is not on a's link: flannel cannot add it, and
    // the router has no route to the pods)
    List<dev.podpath.trace.matrix.Cell> cells = r.matrix().orElseThrow().cells();
    assertThat(cells)
        .filteredOn(c -> c.from().label().equals("a-pod1") && c.to().label().equals("10.244.1.2"))
        .singleElement()
        .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.NOT_REACHABLE));
    assertThat(cells)
        .filteredOn(c -> c.from().label().equals("a") && c.to().label().equals("192.168.2.10"))
        .singleElement()
        .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.REACHABLE));
    assertThat(r.fails()).isTrue();
  }

  @Test
  void vxlanAcrossSegments_reachesEveryPod_throughTheRouter() throws Exception {
    Path p = tmp.resolve("racks.yaml");
    Files.writeString(
        p,
        Files.readString(example("plan-two-racks.yaml")).replace("mode: host-gw", "mode: vxlan"));

    PlanReview r = PlanReview.of(PlanReader.read(p), tmp.resolve("racks.sh"));

    assertThat(r.findings()).noneMatch(f -> f.code() == PlanCode.HOST_GW_ACROSS_SEGMENTS);
    assertThat(r.matrix().orElseThrow().cells())
        .isNotEmpty()
        .allMatch(c -> c.verdict() == Verdict.REACHABLE);
    assertThat(r.services())
        .allSatisfy(c -> assertThat(c.matrix().count(Verdict.REACHABLE)).isEqualTo(9));
    // the example as written (host-gw): node3's pods are out of reach of node1's and node2's
    PlanReview hostGw =
        PlanReview.of(PlanReader.read(example("plan-two-racks.yaml")), tmp.resolve("hg.sh"));
    assertThat(of(hostGw, PlanCode.HOST_GW_ACROSS_SEGMENTS)).hasSize(1);
    assertThat(hostGw.matrix().orElseThrow().cells())
        .filteredOn(
            c -> c.from().label().equals("node1-pod1") && c.to().label().startsWith("10.244.2."))
        .isNotEmpty()
        .allMatch(c -> c.verdict() == Verdict.NOT_REACHABLE);
    assertThat(hostGw.matrix().orElseThrow().cells())
        .filteredOn(
            c -> c.from().label().equals("node1-pod1") && c.to().label().startsWith("10.244.1."))
        .isNotEmpty()
        .allMatch(c -> c.verdict() == Verdict.REACHABLE);
  }

  @Test
  void aBadPlan_isRefused_withFileLineColumnAndKeyPath() throws Exception {
    Path p = tmp.resolve("bad.yaml");
    Files.writeString(p, "cluster:\n  podCidr: 10.244.0.0/33\n");
    Path q = tmp.resolve("bad.json");
    Files.writeString(
        q,
        "{\"cluster\": {\"podCidr\": \"10.244.0.0/16\", \"nodeCidrMaskSize\": 24,\n \"serviceCidr\": \"10.96.0.0/12\", \"colour\": 1}}");

    assertThatThrownBy(() -> PlanReader.read(p))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            p
                + ":2:12: /cluster/podCidr: \"10.244.0.0/33\" is not a CIDR (10.244.0.0/16, host bits zero)");
    assertThatThrownBy(() -> PlanReader.read(q))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(q + ":2:")
        .hasMessageContaining("/cluster/colour: unknown key \"colour\"");
    CliTest.Run cli = CliTest.run("plan", p.toString());
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).startsWith("podpath: " + p + ":2:12: ").doesNotContain("Exception");
  }

  @Test
  void theClusterDnsIp_isThePlans_andServiceIpsOutsideTheirPlace_areRefused() throws Exception {
    String base = Files.readString(example("plan-vxlan-vpn-fixed.yaml"));
    Path p = tmp.resolve("dns.yaml");
    Files.writeString(
        p,
        base.replace(
            "  serviceCidr: 10.96.0.0/12",
            "  serviceCidr: 10.96.0.0/12\n  dnsServiceIp: 10.96.0.53\n  apiServiceIp: 10.96.0.1"));

    PlanReview r = PlanReview.of(PlanReader.read(p), tmp.resolve("dns.sh"));

    assertThat(r.services())
        .extracting(c -> c.service().clusterIp() + " " + c.service().protocol())
        .containsExactly("10.96.0.1 tcp", "10.96.0.53 udp", "10.96.0.53 tcp");
    assertThat(r.services())
        .allSatisfy(c -> assertThat(c.matrix().count(Verdict.REACHABLE)).isEqualTo(9));
    assertThat(Files.readString(tmp.resolve("dns.sh"))).contains("nc -u -zv -w1 10.96.0.53 53");
    Path api = tmp.resolve("api.yaml");
    Files.writeString(
        api,
        base.replace(
            "  serviceCidr: 10.96.0.0/12",
            "  serviceCidr: 10.96.0.0/12\n  apiServiceIp: 10.96.0.10"));
    assertThatThrownBy(() -> PlanReader.read(api))
        .hasMessageContaining("/cluster/apiServiceIp: \"10.96.0.10\": the API server always gives")
        .hasMessageContaining("10.96.0.1");
    Path dns = tmp.resolve("dns-out.yaml");
    Files.writeString(
        dns,
        base.replace(
            "  serviceCidr: 10.96.0.0/12",
            "  serviceCidr: 10.96.0.0/12\n  dnsServiceIp: 10.244.0.10"));
    assertThatThrownBy(() -> PlanReader.read(dns))
        .hasMessageStartingWith(dns + ":")
        .hasMessageContaining("/cluster/dnsServiceIp: \"10.244.0.10\"")
        .hasMessageContaining("10.96.0.0/12");
  }

  @Test
  @Tag("kernel")
  void theFixedPlansScenario_agreesWithTheKernel() throws Exception {
    Path script = tmp.resolve("planned.sh");
    PlanReview.of(PlanReader.read(example("plan-vxlan-vpn-fixed.yaml")), script);
    var net = Podpath.loadScenario(script, dev.podpath.trace.verify.HostSysctls.read());
    String transcript;
    try {
      transcript = net.runInKernel(Duration.ofMinutes(5));
    } catch (dev.podpath.trace.api.KernelUnavailableException e) {
      org.junit.jupiter.api.Assumptions.assumeTrue(
          false, "kernel side unavailable: " + e.getMessage());
      return;
    }

    var report = net.verify(transcript);

    // 3 pod to pod, 6 pod to a Service port (from the first and the last node: API 443/tcp, DNS
    // 53/tcp and 53/udp by nc -u), 2 pod to a network
    assertThat(report.probes()).hasSize(11);
    assertThat(report.differing()).as(transcript).isZero();
    assertThat(report.commands()).as(transcript).isEmpty();
    // the nat tables make conntrack track every flow; the entries differ only by the source ports
    // each side chose (a TCP probe's ephemeral port, VXLAN's outer UDP port hashed from the inner
    // flow): the same flows, each missing on one side under one port and present under another
    assertThat(report.state().differences())
        .allSatisfy(d -> assertThat(d.kind()).isEqualTo("conntrack"));
    assertThat(
            report.state().differences().stream()
                .filter(
                    d -> d.kernel().contains("(no entry)") == d.podpath().contains("(no entry)"))
                .toList())
        .isEmpty();
  }
}
