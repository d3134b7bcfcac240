package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given kubectl's nodes of a flannel cluster and the dumps of one node, when assembled, then what
 * flanneld installs on that node for each other node (flannel's RouteNetwork/handleSubnetEvents:
 * host-gw a route via the node's public IP; vxlan the ARP entry, the FDB entry and the onlink route
 * through flannel.VNI) is inferred where the dump lacks it, said as an assumption naming the
 * kubectl line, and a dumped entry always wins.
 */
final class FlannelPeersTest {

  @TempDir Path dir;

  private void fixture(String resource, String to) throws IOException {
    Path p = dir.resolve(to);
    Files.createDirectories(p.getParent());
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      Files.write(p, in.readAllBytes());
    }
  }

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private Netns load(String node) throws SnapshotException {
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    said = s.assumptions().stream().map(Assumption::toString).toList();
    return s.topology().namespaces().get(new NetnsName(node));
  }

  private List<String> said = List.of();

  private static List<String> routes(Netns n) {
    return n.routing().allRoutes().stream().map(Object::toString).toList();
  }

  /**
   * The seed's real worker1 route table without the two lines flanneld's host-gw wrote there:
   * inferred from the nodes' podCIDR and public-ip, they come back as the kernel printed them.
   */
  @Test
  void hostGw_routesOfTheOtherNodesComeBackAsTheSeedDumpedThem() throws Exception {
    fixture("/dev/podpath/model/dump/kubectl/get-nodes.json", "kubectl-get-nodes.json");
    write(
        "worker1/ip-route.txt",
        """
        default via 192.168.2.1 dev enp0s5 proto dhcp src 192.168.2.16 metric 100
        10.10.1.0/24 dev cni0 proto kernel scope link src 10.10.1.1
        192.168.2.0/24 dev enp0s5 proto kernel scope link src 192.168.2.16 metric 100
        """);
    Netns w1 = load("worker1");
    assertThat(routes(w1))
        .anySatisfy(r -> assertThat(r).startsWith("10.10.0.0/24 via 192.168.2.17 dev enp0s5"))
        .anySatisfy(r -> assertThat(r).startsWith("10.10.2.0/24 via 192.168.2.15 dev enp0s5"));
    assertThat(said)
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("worker1: assumed: route 10.10.2.0/24 via 192.168.2.15 dev enp0s5")
                    .contains("flanneld (host-gw)", "node worker2 (kubectl-get-nodes.json:"));
  }

  /** A dumped route to a podCIDR wins, even one that is not what flanneld would write. */
  @Test
  void hostGw_aDumpedRouteWins() throws Exception {
    fixture("/dev/podpath/model/dump/kubectl/get-nodes.json", "kubectl-get-nodes.json");
    write(
        "worker1/ip-route.txt",
        """
        10.10.2.0/24 via 192.168.2.99 dev enp0s5
        192.168.2.0/24 dev enp0s5 proto kernel scope link src 192.168.2.16
        """);
    Netns w1 = load("worker1");
    assertThat(routes(w1).stream().filter(r -> r.startsWith("10.10.2.0/24")))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("via 192.168.2.99"));
    assertThat(said).noneMatch(a -> a.contains("route 10.10.2.0/24"));
    assertThat(said).anyMatch(a -> a.contains("route 10.10.0.0/24 via 192.168.2.17"));
  }

  /**
   * The real {@code kubectl describe nodes} of a three-node k3s cluster (flannel vxlan), one node
   * dumped: the ARP entry, FDB entry and onlink route flanneld writes for each of the two others.
   */
  @Test
  void vxlan_neighbourFdbAndRouteForEachOtherNode() throws Exception {
    fixture(
        "/dev/podpath/model/dump/kubectl/describe-nodes-k3s-1.27.txt",
        "kubectl-describe-nodes.txt");
    write(
        "k3s-master-01/ip-route.txt",
        """
        default via 90.156.226.1 dev eth0 proto static
        10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1
        90.156.226.0/24 dev eth0 proto kernel scope link src 90.156.226.73
        """);
    write(
        "k3s-master-01/ip-neigh.txt",
        "10.42.1.0 dev flannel.1 lladdr aa:bb:cc:dd:ee:ff PERMANENT\n");
    write(
        "k3s-master-01/ip-addr.txt",
        """
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
            link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
            inet 90.156.226.73/24 brd 90.156.226.255 scope global eth0
        3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default
            link/ether 16:05:4a:ed:ac:85 brd ff:ff:ff:ff:ff:ff
            inet 10.42.0.0/32 scope global flannel.1
        4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
            link/ether 2a:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff
            inet 10.42.0.1/24 brd 10.42.0.255 scope global cni0
        """);
    Netns m = load("k3s-master-01");
    assertThat(routes(m))
        .anySatisfy(
            r -> assertThat(r).startsWith("10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink"))
        .anySatisfy(
            r -> assertThat(r).startsWith("10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink"));
    assertThat(m.neighbours().stream().map(Object::toString))
        .contains("10.42.1.0 dev flannel.1 lladdr aa:bb:cc:dd:ee:ff PERMANENT")
        .noneMatch(n -> n.startsWith("10.42.1.0") && !n.contains("aa:bb:cc:dd:ee:ff"))
        .anyMatch(n -> n.startsWith("10.42.2.0 dev flannel.1 lladdr "));
    assertThat(m.fdb().stream().map(Object::toString))
        .anyMatch(f -> f.endsWith("dev flannel.1 dst 92.255.77.52 self permanent"))
        .anyMatch(f -> f.endsWith("dev flannel.1 dst 192.168.120.25 self permanent"));
    assertThat(said)
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "flanneld (vxlan) installs for node 1960955-cr63564.twc1.net"
                            + " (kubectl-describe-nodes.txt:147",
                        "dst 92.255.77.52"));
  }

  /** No flannel device in the dump: nothing is invented for vxlan. */
  @Test
  void vxlan_withoutAFlannelDeviceNothingIsInferred() throws Exception {
    fixture(
        "/dev/podpath/model/dump/kubectl/describe-nodes-k3s-1.27.txt",
        "kubectl-describe-nodes.txt");
    write(
        "k3s-master-01/ip-route.txt",
        "90.156.226.0/24 dev eth0 proto kernel scope link src 90.156.226.73\n");
    Netns m = load("k3s-master-01");
    assertThat(routes(m)).noneMatch(r -> r.startsWith("10.42."));
    assertThat(m.fdb()).isEmpty();
    assertThat(said).noneMatch(a -> a.contains("flanneld (vxlan)"));
  }
}
