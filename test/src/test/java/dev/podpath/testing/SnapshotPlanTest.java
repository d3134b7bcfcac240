package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.finding.Severity;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Verdict;
import dev.podpath.trace.plan.Plan;
import dev.podpath.trace.plan.PlanException;
import dev.podpath.trace.plan.PlanReader;
import dev.podpath.trace.plan.PlanReview;
import dev.podpath.trace.plan.SnapshotPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a running cluster's snapshot, when its plan is derived ({@code podpath plan
 * --from-snapshot}), then the pod CIDR, the node mask and subnets, the nodes and their segments,
 * flannel's mode, the Service CIDR and the MTUs are the ones the dumps show, each cited by its dump
 * line; the plan file re-read is the same plan; and it is reviewed as a plan file is.
 */
final class SnapshotPlanTest {

  @TempDir Path tmp;

  private static SnapshotPlan derive(String snapshot) {
    return SnapshotPlan.of(
        Podpath.load(Samples.root().resolve("samples/snapshots").resolve(snapshot)),
        snapshot + ".plan.yaml");
  }

  private static List<String> nodes(Plan p) {
    return p.nodes().stream()
        .map(
            n ->
                n.name()
                    + " "
                    + n.address()
                    + "/"
                    + n.subnet().length()
                    + " "
                    + n.podSubnet().map(Object::toString).orElse("-"))
        .toList();
  }

  @Test
  void seedHostGw_fromItsBlogPostsDumps_isAHostGwPlanOfThreeNodes() throws Exception {
    SnapshotPlan d = derive("seed-flannel-host-gw");
    Plan p = d.plan();

    // the pod's route to the pods (10.10.0.0/16 via 10.10.1.1), its file and line cited
    assertThat(p.podCidr()).hasToString("10.10.0.0/16");
    assertThat(p.where("/cluster/podCidr").file())
        .endsWith("worker1/netns/busybox-8647b8666c-jpnb6/ip-route.txt");
    assertThat(p.where("/cluster/podCidr").line()).isEqualTo(2);
    assertThat(p.nodeCidrMaskSize()).isEqualTo(24);
    assertThat(p.cni().mode()).isEqualTo(Plan.Mode.HOST_GW);
    // master was not dumped: worker1's route 10.10.0.0/24 via 192.168.2.17 names it, kubectl its
    // name
    assertThat(nodes(p))
        .containsExactly(
            "master 192.168.2.17/24 10.10.0.0/24",
            "worker1 192.168.2.16/24 10.10.1.0/24",
            "worker2 192.168.2.15/24 10.10.2.0/24");
    assertThat(p.where("/nodes/0/address").file()).endsWith("worker1/ip-route.txt");
    assertThat(p.where("/nodes/0/address").line()).isEqualTo(2);
    assertThat(p.nodes()).extracting(Plan.Node::segment).containsOnly("192.168.2.0-24");
    // no Service was dumped: kubeadm's default, said to be assumed
    assertThat(p.serviceCidr()).hasToString("10.96.0.0/12");
    assertThat(d.yaml()).contains("serviceCidr: 10.96.0.0/12   # assumed");
    // ifconfig's cni0 mtu 1500; docker0 from the route 172.17.0.0/16 dev docker0
    assertThat(p.podMtu()).hasValue(1500);
    assertThat(p.docker().orElseThrow().bip()).hasToString("172.17.0.0/16");

    PlanReview r = PlanReview.of(p, tmp.resolve("seed.sh"));

    assertThat(r.findings()).noneMatch(f -> f.severity() == Severity.ERROR);
    assertThat(r.matrix().orElseThrow().cells())
        .isNotEmpty()
        .allMatch(c -> c.verdict() == Verdict.REACHABLE);
    assertThat(r.services()).hasSize(3);
  }

  @Test
  void kubeProxyAfter_takesFlannelsAndKubectlsRanges_andSaysWhatItAssumes() {
    SnapshotPlan d = derive("kube-proxy-after");
    Plan p = d.plan();

    // flannel's masquerade rules (the dumped iptables-save) say the cluster CIDR and the node's
    // own /25, rather than the /24 of the cni0 that subnet.env's assumption builds
    assertThat(p.podCidr()).hasToString("10.1.0.0/16");
    assertThat(p.where("/cluster/podCidr").file()).endsWith("master-01/iptables-save.txt");
    assertThat(p.where("/cluster/podCidr").line()).isEqualTo(57);
    assertThat(p.nodeCidrMaskSize()).isEqualTo(25);
    assertThat(nodes(p)).containsExactly("master-01 192.168.1.5/24 10.1.0.0/25");
    // the six ClusterIPs kubectl lists (10.2.0.1 ... 10.2.237.8)
    assertThat(p.serviceCidr()).hasToString("10.2.0.0/16");
    assertThat(p.where("/cluster/serviceCidr").file()).endsWith("kubectl-get-services.txt");
    // one node: nothing shows the backend; flannel's default, said to be assumed
    assertThat(p.cni().mode()).isEqualTo(Plan.Mode.VXLAN);
    assertThat(d.yaml()).contains("mode: vxlan   # assumed: flannel's default backend");
  }

  @Test
  void flannelVxlan_readsTheVxlanDevice_andThePodMtu() {
    Plan p = derive("flannel-vxlan").plan();

    assertThat(p.cni().mode()).isEqualTo(Plan.Mode.VXLAN);
    assertThat(p.cni().vni()).isEqualTo(1);
    assertThat(p.cni().port()).isEqualTo(8472);
    assertThat(p.podMtu()).hasValue(1450);
    assertThat(p.underlayMtu()).isEqualTo(1500);
    assertThat(nodes(p))
        .containsExactly(
            "master 192.168.2.17/24 10.10.0.0/24",
            "worker1 192.168.2.16/24 10.10.1.0/24",
            "worker2 192.168.2.15/24 10.10.2.0/24");
  }

  @Test
  void everySnapshot_givesAPlanFileThatReadsBackTheSame_orSaysWhyNot() throws Exception {
    List<String> derived = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Samples.root().resolve("samples/snapshots"))) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        SnapshotPlan d;
        try {
          d = derive(name);
        } catch (PlanException e) {
          assertThat(e.getMessage()).as(name).contains(name);
          refused.add(name);
          continue;
        }
        Path file = tmp.resolve(name + ".plan.yaml");
        Files.writeString(file, d.yaml());
        Plan again = PlanReader.read(file);
        assertThat(again.podCidr()).as(name).isEqualTo(d.plan().podCidr());
        assertThat(again.serviceCidr()).as(name).isEqualTo(d.plan().serviceCidr());
        assertThat(again.cni()).as(name).isEqualTo(d.plan().cni());
        assertThat(again.nodes()).as(name).isEqualTo(d.plan().nodes());
        assertThat(again.networks()).as(name).isEqualTo(d.plan().networks());
        assertThat(again.podMtu()).as(name).isEqualTo(d.plan().podMtu());
        derived.add(name);
      }
    }
    // the clusters among the samples are derived; the plain veth, bridge and router samples have
    // no pod subnet, and flannel-udp's backend is not one a plan describes
    assertThat(derived)
        .contains(
            "flannel-host-gw",
            "flannel-vxlan",
            "flannel-vxlan-mtu",
            "kube-proxy",
            "kube-proxy-after",
            "kube-proxy-before",
            "seed-flannel-host-gw");
    assertThat(refused).contains("veth-pair", "flannel-udp");
    // Calico's IPIP routes a node's block via tunl0: refused, not read as host-gw
    assertThat(refused).contains("calico-ipip");
    assertThatThrownBy(() -> derive("calico-ipip"))
        .hasMessageContaining("through the IPIP device tunl0 (Calico's IPIP)")
        .hasMessageContaining("cni.plugin calico");
  }
}
