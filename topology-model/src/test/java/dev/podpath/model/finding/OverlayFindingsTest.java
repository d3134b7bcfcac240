package dev.podpath.model.finding;

import static dev.podpath.model.finding.Networks.findings;
import static dev.podpath.model.finding.Networks.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * flannel's VXLAN between two nodes, as flannel-vxlan.sh builds it, with one table broken at a
 * time; MTUs of the tunnel and the pods; the tunnel's port blocked. Given a network, then findings.
 */
final class OverlayFindingsTest {

  private static final List<String> NODES =
      List.of(
          "ip netns add lan",
          "ip -n lan link add br0 type bridge",
          "ip -n lan link set br0 up",
          "ip netns add worker1",
          "ip -n lan link add lan-w1 type veth peer name enp0s5 netns worker1",
          "ip -n lan link set lan-w1 master br0",
          "ip -n lan link set lan-w1 up",
          "ip -n worker1 addr add 192.168.2.16/24 dev enp0s5",
          "ip -n worker1 link set enp0s5 up",
          "ip -n worker1 link add cni0 mtu 1450 type bridge",
          "ip -n worker1 addr add 10.10.1.1/24 dev cni0",
          "ip -n worker1 link set cni0 up",
          "ip netns exec worker1 sysctl -w net.ipv4.ip_forward=1",
          "ip netns add worker2",
          "ip -n lan link add lan-w2 type veth peer name enp0s5 netns worker2",
          "ip -n lan link set lan-w2 master br0",
          "ip -n lan link set lan-w2 up",
          "ip -n worker2 addr add 192.168.2.15/24 dev enp0s5",
          "ip -n worker2 link set enp0s5 up",
          "ip -n worker2 link add cni0 mtu 1450 type bridge",
          "ip -n worker2 addr add 10.10.2.1/24 dev cni0",
          "ip -n worker2 link set cni0 up",
          "ip netns exec worker2 sysctl -w net.ipv4.ip_forward=1",
          "ip -n worker1 link add flannel.1 address 0e:f1:00:00:00:16 type vxlan id 1 local 192.168.2.16 dev enp0s5"
              + " dstport 8472 nolearning",
          "ip -n worker1 addr add 10.10.1.0/32 dev flannel.1",
          "ip -n worker1 link set flannel.1 up",
          "ip -n worker2 link add flannel.1 address 0e:f1:00:00:00:15 type vxlan id 1 local 192.168.2.15 dev enp0s5"
              + " dstport 8472 nolearning",
          "ip -n worker2 addr add 10.10.2.0/32 dev flannel.1",
          "ip -n worker2 link set flannel.1 up",
          "ip -n worker2 route add 10.10.1.0/24 via 10.10.1.0 dev flannel.1 onlink",
          "ip -n worker2 neigh add 10.10.1.0 lladdr 0e:f1:00:00:00:16 dev flannel.1 nud permanent",
          "bridge -n worker2 fdb append 0e:f1:00:00:00:16 dev flannel.1 dst 192.168.2.16 self permanent",
          "ip -n worker1 route add 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink");

  private static final String NEIGH =
      "ip -n worker1 neigh add 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud permanent";
  private static final String FDB =
      "bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent";

  private static NetworkFacts cluster(String... more) {
    List<String> l = new ArrayList<>(NODES);
    l.addAll(List.of(more));
    return Networks.scenario(l.toArray(String[]::new));
  }

  @Test
  void asFlannelSetsItUp_noFinding() {
    assertThat(findings(cluster(NEIGH, FDB))).isEmpty();
  }

  @Test
  void noNeighbourForTheGateway_andNoWayToArp_isFound_withTheRemoteMacInTheFix() {
    Finding x = only(cluster(FDB), Code.VXLAN_NO_NEIGHBOUR);
    assertThat(x.subject()).isEqualTo("worker1");
    assertThat(x.explanation())
        .contains("has no neighbour entry for 10.10.2.0")
        .contains("does not learn");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "ip -n worker1 neigh replace 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud permanent");
  }

  @Test
  void noFdbEntryForTheNeighboursMac_isFound_withTheVtepThatHasIt() {
    Finding x = only(cluster(NEIGH), Code.VXLAN_NO_FDB_ENTRY);
    assertThat(x.explanation())
        .contains("whose neighbour entry is 0e:f1:00:00:00:15 on flannel.1")
        .contains("FDB has no entry for 0e:f1:00:00:00:15");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent");
  }

  @Test
  void remoteVtepCameBackWithAnotherMac_theEntriesAreStale() {
    Finding x =
        only(
            cluster(NEIGH, FDB, "ip -n worker2 link set flannel.1 address 0e:f1:00:00:00:25"),
            Code.VXLAN_STALE_MAC);
    assertThat(x.explanation())
        .contains("send 10.10.2.0/24 to 0e:f1:00:00:00:15 at 192.168.2.15")
        .contains("worker2's flannel.1 (VNI 1) has MAC 0e:f1:00:00:00:25");
    assertThat(Networks.evidence(x))
        .contains("worker1: 10.10.2.0 dev flannel.1 lladdr 0e:f1:00:00:00:15 PERMANENT")
        .contains("worker1: 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent")
        .contains("worker2: flannel.1 (vxlan VNI 1) link/ether 0e:f1:00:00:00:25");
  }

  /** flannel-io/flannel#1155: only worker1's neighbour entry, no route through flannel.1. */
  @Test
  void neighbourEntryWithAnotherMacThanTheRemoteVxlanDevice_withoutARoute_isStale() {
    List<String> l = new ArrayList<>(NODES);
    l.remove(l.size() - 1); // worker1's route via 10.10.2.0: the neighbour entry alone
    l.add(FDB);
    l.add("ip -n worker1 neigh add 10.10.2.0 lladdr 5e:89:db:49:c6:a4 dev flannel.1 nud permanent");
    Finding x = only(Networks.scenario(l.toArray(String[]::new)), Code.VXLAN_STALE_MAC);
    assertThat(x.subject()).isEqualTo("worker1");
    assertThat(x.explanation())
        .contains("neighbour entry for 10.10.2.0 on flannel.1 says 5e:89:db:49:c6:a4")
        .contains("worker2's flannel.1 (VNI 1), whose MAC is 0e:f1:00:00:00:15");
    assertThat(Networks.evidence(x))
        .contains("worker1: 10.10.2.0 dev flannel.1 lladdr 5e:89:db:49:c6:a4 PERMANENT")
        .contains("worker2: flannel.1 (vxlan VNI 1) link/ether 0e:f1:00:00:00:15");
    assertThat(x.fixes().get(0).change())
        .startsWith(
            "ip -n worker1 neigh replace 10.10.2.0 lladdr 0e:f1:00:00:00:15 dev flannel.1 nud"
                + " permanent && ");
    l.set(l.size() - 1, NEIGH);
    assertThat(findings(Networks.scenario(l.toArray(String[]::new)), Code.VXLAN_STALE_MAC))
        .isEmpty();
  }

  @Test
  void
      fdbEntryToAnAddressNobodyHas_isAnUnknownVtep_inAScenario_butNotConcludedFromADumpWithoutKubectl() {
    String wrong =
        "bridge -n worker1 fdb append 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.99 self permanent";
    Finding x = only(cluster(NEIGH, wrong), Code.VXLAN_UNKNOWN_VTEP);
    assertThat(x.explanation()).contains("to 192.168.2.99, but no namespace has 192.168.2.99");
    List<String> l = new ArrayList<>(NODES);
    l.add(NEIGH);
    l.add(wrong);
    assertThat(
            findings(
                Networks.dumped(Cluster.NONE, l.toArray(String[]::new)), Code.VXLAN_UNKNOWN_VTEP))
        .isEmpty();
  }

  @Test
  void vxlanPortDroppedInInput_isATunnelPortBlocked() {
    Finding x =
        only(
            cluster(
                NEIGH, FDB, "ip netns exec worker2 iptables -A INPUT -p udp --dport 8472 -j DROP"),
            Code.TUNNEL_PORT_BLOCKED);
    assertThat(x.subject()).isEqualTo("worker2");
    assertThat(x.explanation())
        .contains("UDP port 8472")
        .contains("udp from 192.168.2.0/24 to 192.168.2.15 port 8472" + " in on enp0s5");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "ip netns exec worker2 iptables -I INPUT -i enp0s5 -p udp --dport 8472 -j ACCEPT");
  }

  @Test
  void anAcceptBeforeTheDrop_orADropOfAnotherPort_isNoFinding() {
    assertThat(
            findings(
                cluster(
                    NEIGH,
                    FDB,
                    "ip netns exec worker2 iptables -A INPUT -p udp --dport 8472 -j ACCEPT",
                    "ip netns exec worker2 iptables -A INPUT -p udp -j DROP"),
                Code.TUNNEL_PORT_BLOCKED))
        .isEmpty();
    assertThat(
            findings(
                cluster(
                    NEIGH,
                    FDB,
                    "ip netns exec worker2 iptables -A INPUT -p udp --dport 4789 -j DROP"),
                Code.TUNNEL_PORT_BLOCKED))
        .isEmpty();
  }

  @Test
  void tunnelMtuPlusOverheadAboveTheUnderlay_isAWarning() {
    // without "dev" the kernel lets the VXLAN's MTU be set to anything; "local" names its underlay
    List<String> l = new ArrayList<>(NODES);
    l.replaceAll(c -> c.replace("local 192.168.2.16 dev enp0s5", "local 192.168.2.16"));
    l.add(NEIGH);
    l.add(FDB);
    l.add("ip -n worker1 link set flannel.1 mtu 1500");
    Finding x = only(Networks.scenario(l.toArray(String[]::new)), Code.TUNNEL_MTU_TOO_LARGE);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.explanation())
        .contains("flannel.1 (vxlan) has MTU 1500")
        .contains("50 bytes")
        .contains("enp0s5 (MTU 1500)")
        .contains("an inner packet over 1450 bytes");
    assertThat(x.fixes().get(0).change()).isEqualTo("ip -n worker1 link set flannel.1 mtu 1450");
  }

  @Test
  void podAboveTheOverlaysMtu_isAWarning_andAPodAtItIsNot() {
    String[] pod = {
      "ip netns add pod", "ip -n worker1 link add veth-pod type veth peer name eth0 netns pod",
      "ip -n worker1 link set veth-pod master cni0", "ip -n worker1 link set veth-pod up",
      "ip -n pod addr add 10.10.1.6/24 dev eth0", "ip -n pod link set eth0 up",
      "ip -n pod route add default via 10.10.1.1"
    };
    List<String> l = new ArrayList<>(List.of(pod));
    l.add(NEIGH);
    l.add(FDB);
    Finding x = only(cluster(l.toArray(String[]::new)), Code.POD_MTU_ABOVE_OVERLAY);
    assertThat(x.subject()).isEqualTo("pod");
    assertThat(x.explanation())
        .startsWith(
            "pod/eth0 has MTU 1500, but worker1 carries pod traffic to other nodes through"
                + " flannel.1 (MTU 1450)");
    assertThat(x.fixes().get(0).change()).isEqualTo("ip -n pod link set eth0 mtu 1450");
    l.add("ip -n pod link set eth0 mtu 1450");
    assertThat(findings(cluster(l.toArray(String[]::new)), Code.POD_MTU_ABOVE_OVERLAY)).isEmpty();
  }

  @Test
  void nodeWithoutARouteToTheOtherNodesPodSubnet_isAMissingPodRoute() {
    List<String> l = new ArrayList<>(NODES);
    l.remove("ip -n worker1 route add 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink");
    l.add("ip -n worker1 route add default via 192.168.2.1");
    // with two nodes, only kubectl's podCIDRs say that worker2's cni0 is a pod subnet
    Cluster k =
        new Cluster(
            List.of(
                new KubeNode(
                    "worker1",
                    Optional.of(Ipv4Address.parse("192.168.2.16")),
                    Optional.empty(),
                    List.of(Prefix.parse("10.10.1.0/24")),
                    new Origin("kubectl-get-nodes.json", 3, "")),
                new KubeNode(
                    "worker2",
                    Optional.of(Ipv4Address.parse("192.168.2.15")),
                    Optional.empty(),
                    List.of(Prefix.parse("10.10.2.0/24")),
                    new Origin("kubectl-get-nodes.json", 40, ""))),
            List.of(),
            List.of(),
            List.of());
    assertThat(findings(Networks.scenario(l.toArray(String[]::new)), Code.MISSING_POD_ROUTE))
        .isEmpty();
    Finding x = only(Networks.dumped(k, l.toArray(String[]::new)), Code.MISSING_POD_ROUTE);
    assertThat(x.subject()).isEqualTo("worker1");
    assertThat(x.explanation())
        .contains("no route for worker2's pod subnet 10.10.2.0/24: only its default route");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("on worker1: ip route replace 10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink");
    assertThat(Networks.evidence(x))
        .contains("kubectl-get-nodes.json:40: worker2: podCIDR [10.10.2.0/24]");
  }
}
