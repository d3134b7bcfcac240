package dev.podpath.model.finding;

import static dev.podpath.model.finding.Networks.findings;
import static dev.podpath.model.finding.Networks.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What kubectl's view adds: Services without endpoints, nodes and pod ranges claimed twice,
 * overlapping CIDRs, a node without its address, a bridge its pods are not on. Given a network and
 * kubectl's lists, then findings.
 */
final class ClusterFindingsTest {

  /** Two nodes on one LAN, each with a pod bridge; host-gw routes both ways. */
  private static final List<String> NODES =
      List.of(
          "ip netns add lan",
          "ip -n lan link add br0 type bridge",
          "ip -n lan link set br0 up",
          "ip netns add n1",
          "ip -n lan link add p1 type veth peer name eth0 netns n1",
          "ip -n lan link set p1 master br0",
          "ip -n lan link set p1 up",
          "ip -n n1 addr add 192.168.1.11/24 dev eth0",
          "ip -n n1 link set eth0 up",
          "ip -n n1 link add cni0 type bridge",
          "ip -n n1 addr add 10.244.0.1/24 dev cni0",
          "ip -n n1 link set cni0 up",
          "ip netns add n2",
          "ip -n lan link add p2 type veth peer name eth0 netns n2",
          "ip -n lan link set p2 master br0",
          "ip -n lan link set p2 up",
          "ip -n n2 addr add 192.168.1.12/24 dev eth0",
          "ip -n n2 link set eth0 up",
          "ip -n n2 link add cni0 type bridge",
          "ip -n n2 addr add 10.244.1.1/24 dev cni0",
          "ip -n n2 link set cni0 up",
          "ip -n n1 route add 10.244.1.0/24 via 192.168.1.12",
          "ip -n n2 route add 10.244.0.0/24 via 192.168.1.11",
          "ip netns exec n1 sysctl -w net.ipv4.ip_forward=1",
          "ip netns exec n2 sysctl -w net.ipv4.ip_forward=1");

  private static final Origin NODES_JSON = new Origin("kubectl-get-nodes.json", 1, "");

  private static KubeNode node(String name, String ip, String... podCidrs) {
    return new KubeNode(
        name,
        Optional.of(Ipv4Address.parse(ip)),
        Optional.empty(),
        java.util.Arrays.stream(podCidrs).map(Prefix::parse).toList(),
        Map.of(),
        new Origin("kubectl-get-nodes.json", name.equals("n1") ? 3 : 30, ""));
  }

  private static KubeService service(
      String name, String ip, Map<String, String> selector, int line) {
    return new KubeService(
        Optional.of("default"),
        name,
        "ClusterIP",
        Optional.of(Ipv4Address.parse(ip)),
        false,
        List.of(
            new ServicePort(Optional.of("http"), "TCP", 80, Optional.empty(), OptionalInt.empty())),
        List.of(),
        List.of(),
        selector,
        new Origin("kubectl-get-services.txt", line, ""));
  }

  private static KubeEndpoints endpoints(String name, boolean ready, int line) {
    return new KubeEndpoints(
        Optional.of("default"),
        name,
        List.of(
            new KubeEndpoints.Endpoint(
                Ipv4Address.parse("10.244.1.7"),
                OptionalInt.of(8080),
                Optional.empty(),
                Optional.empty(),
                ready,
                Optional.empty(),
                Optional.empty())),
        false,
        new Origin("kubectl-get-endpoints.txt", line, ""));
  }

  private static NetworkFacts dumped(Cluster k, String... more) {
    List<String> l = new ArrayList<>(NODES);
    l.addAll(List.of(more));
    return Networks.dumped(k, l.toArray(String[]::new));
  }

  private static final List<KubeNode> KNODES =
      List.of(
          node("n1", "192.168.1.11", "10.244.0.0/24"), node("n2", "192.168.1.12", "10.244.1.0/24"));

  @Test
  void healthyCluster_noFinding() {
    Cluster k =
        new Cluster(
            KNODES,
            List.of(),
            List.of(
                service("web", "10.96.0.10", Map.of("app", "web"), 2),
                service("kubernetes", "10.96.0.1", Map.of(), 3)),
            List.of(endpoints("web", true, 2)));
    assertThat(findings(dumped(k))).isEmpty();
  }

  @Test
  void serviceWithASelector_andNoReadyEndpoint_isAWarning() {
    Cluster k =
        new Cluster(
            KNODES,
            List.of(),
            List.of(
                service("web", "10.96.0.10", Map.of("app", "web"), 2),
                service("kubernetes", "10.96.0.1", Map.of(), 3)),
            List.of(endpoints("web", false, 2)));
    Finding x = only(dumped(k), Code.SERVICE_WITHOUT_ENDPOINTS);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.subject()).isEqualTo("default/web");
    assertThat(x.explanation())
        .contains("selects pods app=web, but none of its endpoints is ready");
    assertThat(Networks.evidence(x))
        .contains("kubectl-get-services.txt:2: default/web: service 10.96.0.10 http 80/TCP")
        .contains("kubectl-get-endpoints.txt:2: default/web: endpoints: 1 not ready");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "kubectl -n default get pods -l app=web -o wide && kubectl -n default describe endpoints web");
  }

  @Test
  void twoNodesWithOverlappingPodCidrs_areClaimedTwice() {
    Cluster k =
        new Cluster(
            List.of(
                node("n1", "192.168.1.11", "10.244.0.0/24"),
                node("n2", "192.168.1.12", "10.244.0.0/23")),
            List.of(),
            List.of(),
            List.of());
    Finding x = only(dumped(k), Code.POD_CIDR_CLAIMED_TWICE);
    assertThat(x.explanation())
        .contains("n1 the podCIDR 10.244.0.0/24 and n2 10.244.0.0/23, which overlap");
  }

  @Test
  void twoNodesBridgesOnOneSubnetThatIsRoutedTo_areClaimedTwice() {
    List<String> l = new ArrayList<>(NODES);
    l.replaceAll(
        c ->
            c.replace("10.244.1.1/24", "10.244.0.129/25")
                .replace("10.244.1.0/24", "10.244.0.128/25"));
    List<Finding> x =
        findings(Networks.scenario(l.toArray(String[]::new)), Code.POD_CIDR_CLAIMED_TWICE);
    assertThat(x).hasSize(1);
    assertThat(x.get(0).explanation())
        .contains("n1's cni0 (10.244.0.0/24) and n2's cni0 (10.244.0.128/25) overlap");
  }

  @Test
  void sameAddressOnTwoNodesOfOneSegment_isADuplicate_butNotOnIsolatedBridges() {
    List<String> l = new ArrayList<>(NODES);
    l.replaceAll(c -> c.replace("192.168.1.12/24", "192.168.1.11/24"));
    l.replaceAll(c -> c.replace("via 192.168.1.12", "via 192.168.1.11"));
    Finding x = only(Networks.scenario(l.toArray(String[]::new)), Code.DUPLICATE_ADDRESS);
    assertThat(x.explanation())
        .contains("192.168.1.11 is an address of both n1/eth0 and n2/eth0, on one L2 segment");
    List<String> docker = new ArrayList<>(NODES);
    docker.addAll(
        List.of(
            "ip -n n1 link add docker0 type bridge",
            "ip -n n1 addr add 172.17.0.1/16 dev docker0",
            "ip -n n2 link add docker0 type bridge",
            "ip -n n2 addr add 172.17.0.1/16 dev docker0"));
    assertThat(findings(Networks.scenario(docker.toArray(String[]::new)))).isEmpty();
  }

  @Test
  void strictRpFilterOnNodesWithADocker0Each_isNoFinding() {
    List<String> l = new ArrayList<>(NODES);
    l.addAll(
        List.of(
            "ip netns exec n1 sysctl -w net.ipv4.conf.all.rp_filter=1",
            "ip netns exec n2 sysctl -w net.ipv4.conf.all.rp_filter=1",
            "ip -n n1 link add docker0 type bridge",
            "ip -n n1 addr add 172.17.0.1/16 dev docker0",
            "ip -n n2 link add docker0 type bridge",
            "ip -n n2 addr add 172.17.0.1/16 dev docker0",
            "ip -n n1 addr add 192.168.9.1/32 dev lo"));
    List<Finding> x = findings(Networks.scenario(l.toArray(String[]::new)), Code.RP_FILTER_DROPS);
    // n1's 192.168.9.1 on lo has no route back on n2 at all: that one is real
    assertThat(x)
        .extracting(Finding::explanation)
        .singleElement()
        .asString()
        .contains("n1 sends packets from 192.168.9.1")
        .contains("no route back");
  }

  @Test
  void ecmpRouteToAPodSubnet_withANextHopThatIsAnotherNode_isAnError() {
    List<String> l = new ArrayList<>(NODES);
    l.addAll(
        List.of(
            "ip netns add n3",
            "ip -n lan link add p3 type veth peer name eth0 netns n3",
            "ip -n lan link set p3 master br0",
            "ip -n lan link set p3 up",
            "ip -n n3 addr add 192.168.1.13/24 dev eth0",
            "ip -n n3 link set eth0 up",
            "ip netns exec n3 sysctl -w net.ipv4.ip_forward=1",
            "ip -n n3 route add 10.244.0.0/24 via 192.168.1.11",
            "ip -n n3 route add 10.244.1.0/24 nexthop via 192.168.1.12 nexthop via 192.168.1.11"));
    Finding x = only(Networks.scenario(l.toArray(String[]::new)), Code.ECMP_NEXT_HOP_ELSEWHERE);
    assertThat(x.subject()).isEqualTo("n3");
    assertThat(x.explanation())
        .contains(
            "spreads 10.244.1.0/24 over 2 next hops, but it is n2's pod subnet and"
                + " 192.168.1.11 is n1");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("ip -n n3 route replace 10.244.1.0/24 via 192.168.1.12");
  }

  @Test
  void kubectlListsOneInternalIpForTwoNodes_isADuplicate() {
    Cluster k =
        new Cluster(
            List.of(
                node("n1", "192.168.1.11", "10.244.0.0/24"),
                node("n2", "192.168.1.11", "10.244.1.0/24")),
            List.of(),
            List.of(),
            List.of());
    List<Finding> x = findings(dumped(k), Code.DUPLICATE_ADDRESS);
    assertThat(x)
        .extracting(Finding::explanation)
        .anyMatch(e -> e.contains("kubectl lists 192.168.1.11 as the InternalIP of n1 and n2"));
  }

  @Test
  void dockerBridgeOverlappingANodesSubnet_andServiceCidrOverlappingPods_areCidrOverlaps() {
    Cluster k =
        new Cluster(
            KNODES,
            List.of(),
            List.of(
                service("a", "10.244.1.10", Map.of(), 2),
                service("b", "10.244.1.200", Map.of(), 3)),
            List.of());
    NetworkFacts f =
        dumped(
            k,
            "ip -n n2 link add docker0 type bridge",
            "ip -n n2 addr add 192.168.0.1/16 dev docker0");
    List<Finding> x = findings(f, Code.CIDR_OVERLAP);
    assertThat(x)
        .extracting(Finding::explanation)
        .anyMatch(
            e ->
                e.startsWith(
                    "the node subnet 192.168.1.0/24 (n1/eth0) overlaps the bridge network 192.168.0.0/16"
                        + " (n2/docker0)"))
        .anyMatch(
            e ->
                e.startsWith(
                        "the pod subnet 10.244.1.0/24 (n2/cni0) overlaps the Service CIDR 10.244.1.0/24"
                            + " (inferred from 2 ClusterIPs)")
                    && e.contains("the real one contains it"));
    assertThat(x).allMatch(y -> y.severity() == Severity.ERROR);
  }

  @Test
  void vpnRouteCuttingIntoAPodSubnet_isAnOverlap_butACorporateRouteAroundThePodRangeIsNot() {
    assertThat(
            findings(
                dumped(
                    new Cluster(KNODES, List.of(), List.of(), List.of()),
                    "ip -n n1 route add 10.0.0.0/8 via 192.168.1.254"),
                Code.CIDR_OVERLAP))
        .isEmpty();
    List<Finding> x =
        findings(
            dumped(
                new Cluster(KNODES, List.of(), List.of(), List.of()),
                "ip -n n1 route add 10.244.1.128/25 via 192.168.1.254"),
            Code.CIDR_OVERLAP);
    assertThat(x).hasSize(1);
    assertThat(x.get(0).explanation())
        .startsWith(
            "the route to another network 10.244.1.128/25 (n1) overlaps the pod"
                + " subnet 10.244.1.0/24 (n2/cni0)");
  }

  @Test
  void nodeWithoutTheInternalIpKubectlLists_isAWarning() {
    Cluster k =
        new Cluster(
            List.of(
                node("n1", "192.168.1.99", "10.244.0.0/24"),
                node("n2", "192.168.1.12", "10.244.1.0/24")),
            List.of(),
            List.of(),
            List.of());
    Finding x = only(dumped(k), Code.NODE_WITHOUT_ADDRESS);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.explanation())
        .contains(
            "kubectl lists 192.168.1.99 as n1's InternalIP, but the node has no such address");
  }

  @Test
  void bridgeWithoutPorts_whileKubectlListsPodsInItsSubnet_isAnError() {
    KubePod pod =
        new KubePod(
            Optional.of("default"),
            "web-1",
            Optional.of(Ipv4Address.parse("10.244.1.7")),
            Optional.of("n2"),
            Optional.of(false),
            new Origin("kubectl-get-pods.json", 12, ""));
    Finding x =
        only(
            dumped(new Cluster(KNODES, List.of(pod), List.of(), List.of())),
            Code.BRIDGE_WITHOUT_PORTS);
    assertThat(x.subject()).isEqualTo("n2");
    assertThat(Networks.evidence(x))
        .contains("kubectl-get-pods.json:12: default/web-1: pod 10.244.1.7 on n2");
  }
}
