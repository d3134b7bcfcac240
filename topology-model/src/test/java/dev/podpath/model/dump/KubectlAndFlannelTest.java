package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kubectl get nodes/pods (wide text, -A, JSON) and flannel's subnet.env. */
final class KubectlAndFlannelTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "seeds/001-kubectl-get-nodes-wide.txt",
        "kubectl/get-nodes-wide.txt",
        "kubectl/get-nodes.json"
      })
  void nodes_wideAndJson(String file) {
    ParseResult<List<KubeNode>> r = KubectlNodesParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(KubeNode::name)
        .containsExactly("master", "worker1", "worker2");
    assertThat(r.value())
        .extracting(KubeNode::internalIp)
        .containsExactly(
            Optional.of(Ipv4Address.parse("192.168.2.17")),
            Optional.of(Ipv4Address.parse("192.168.2.16")),
            Optional.of(Ipv4Address.parse("192.168.2.15")));
  }

  @Test
  void nodes_json_hasPodCidrsAndExternalIps() {
    List<KubeNode> nodes =
        KubectlNodesParser.parse("n", Fixtures.read("kubectl/get-nodes.json")).value();
    assertThat(nodes.get(1).podCidrs()).containsExactly(Prefix.parse("10.10.1.0/24"));
    assertThat(nodes.get(1).externalIp()).contains(Ipv4Address.parse("203.0.113.16"));
    assertThat(nodes.get(0).externalIp()).isEmpty();
  }

  @Test
  void pods_seedWide_collapsedSpacing() {
    ParseResult<List<KubePod>> r =
        KubectlPodsParser.parse("p", Fixtures.read("seeds/001-kubectl-get-pods-wide.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(p -> p.name() + " " + p.ip().get() + " " + p.node().get())
        .containsExactly(
            "busybox-8647b8666c-jpnb6 10.10.1.6 worker1",
            "busybox-8647b8666c-pg7ps 10.10.2.4 worker2",
            "busybox-8647b8666c-sgf8v 10.10.1.5 worker1",
            "busybox-8647b8666c-zlxmm 10.10.2.3 worker2");
    assertThat(r.value().get(0).namespace()).isEmpty();
  }

  @Test
  void pods_allNamespacesWide_restartsWithAgoAndPendingPods() {
    ParseResult<List<KubePod>> r =
        KubectlPodsParser.parse("p", Fixtures.read("kubectl/get-pods-A-wide.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(6);
    KubePod restarted = r.value().get(1);
    assertThat(restarted.namespace()).contains("default");
    assertThat(restarted.ip()).contains(Ipv4Address.parse("10.10.2.4"));
    assertThat(restarted.node()).contains("worker2");
    KubePod pending = r.value().get(2);
    assertThat(pending.ip()).isEmpty();
    assertThat(pending.node()).isEmpty();
    assertThat(r.value().get(3).namespace()).contains("kube-flannel");
  }

  @Test
  void pods_json_hostNetworkAndPending() {
    ParseResult<List<KubePod>> r =
        KubectlPodsParser.parse("p.json", Fixtures.read("kubectl/get-pods-A.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(5);
    assertThat(r.value().get(3).hostNetwork()).contains(true);
    assertThat(r.value().get(0).hostNetwork()).contains(false);
    assertThat(r.value().get(2).ip()).isEmpty();
    assertThat(r.value().get(4).namespace()).contains("kube-system");
    assertThat(r.value().get(0).origin().line()).isEqualTo(4);
  }

  @Test
  void pods_collapsedRestartsWithAgo() {
    ParseResult<List<KubePod>> r =
        KubectlPodsParser.parse(
            "p",
            """
        NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES
        web-1 1/1 Running 3 (2d4h ago) 9d 10.244.1.9 node-a <none> <none>
        """);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value().get(0).ip()).contains(Ipv4Address.parse("10.244.1.9"));
    assertThat(r.value().get(0).node()).contains("node-a");
  }

  @Test
  void flannel_subnetEnv_hostGwAndVxlan() {
    FlannelSubnetEnv hostGw =
        SubnetEnvParser.parse("s", Fixtures.read("flannel/subnet.env")).value();
    assertThat(hostGw.network()).contains(Prefix.parse("10.10.0.0/16"));
    assertThat(hostGw.subnet()).contains(Prefix.parse("10.10.1.0/24"));
    assertThat(hostGw.gateway()).contains(Ipv4Address.parse("10.10.1.1"));
    assertThat(hostGw.mtu()).hasValue(1500);
    assertThat(hostGw.ipMasq()).contains(true);
    ParseResult<FlannelSubnetEnv> vxlan =
        SubnetEnvParser.parse("v", Fixtures.read("flannel/subnet-vxlan.env"));
    assertThat(vxlan.warnings()).isEmpty();
    assertThat(vxlan.value().mtu()).hasValue(1450);
  }
}
