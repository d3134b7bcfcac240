package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the seed's real host-gw snapshot cut down to one node (worker2's dumps and the two routes
 * flanneld wrote on worker1 removed) and kubectl's nodes as JSON (podCIDRs, flannel's annotations),
 * when linted and traced, then the routes come back as assumptions naming the kubectl line, and a
 * pod on worker1 pinging a pod on worker2 goes through the inferred route and leaves the model at
 * worker1's uplink, naming worker2, where before it went to worker2's dumps.
 */
final class FlannelPeersTraceTest {

  @TempDir Path snap;

  @BeforeEach
  void oneNodeOfTheSeed() throws Exception {
    Path seed = Samples.dir().resolve("snapshots/seed-flannel-host-gw");
    try (Stream<Path> files = Files.walk(seed.resolve("worker1"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path to = snap.resolve(seed.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    Files.copy(seed.resolve("kubectl-get-pods.txt"), snap.resolve("kubectl-get-pods.txt"));
    Files.copy(
        Samples.dir()
            .getParent()
            .resolve("topology-model/src/test/resources/dev/podpath/model/dump/kubectl")
            .resolve("get-nodes.json"),
        snap.resolve("kubectl-get-nodes.json"));
    Path routes = snap.resolve("worker1/ip-route.txt");
    List<String> kept =
        Files.readAllLines(routes).stream()
            .filter(l -> !l.startsWith("10.10.0.0/24") && !l.startsWith("10.10.2.0/24"))
            .toList();
    Files.write(routes, kept);
  }

  @Test
  void lint_listsTheInferredRoutes() throws Exception {
    CliTest.Run r = CliTest.run("lint", snap.toString());

    assertThat(r.out())
        .contains(
            "assumed: route 10.10.2.0/24 via 192.168.2.15 dev enp0s5: what flanneld (host-gw)"
                + " installs for node worker2 (kubectl-get-nodes.json:")
        .contains("assumed: route 10.10.0.0/24 via 192.168.2.17 dev enp0s5");
  }

  @Test
  void trace_goesThroughTheInferredRoute_andLeavesTheModelTowardsWorker2() throws Exception {
    CliTest.Run r =
        CliTest.run("trace", snap.toString(), "--from", "10.10.1.6", "--to", "10.10.2.4");

    assertThat(r.out())
        .contains("-> 10.10.2.0/24 via 192.168.2.15 dev enp0s5  [kubectl-get-nodes.json:")
        .contains("forward  cni0 -> enp0s5")
        .contains("=> EXITED_MODEL: the packet left through worker1/enp0s5")
        .contains("node worker2 (192.168.2.15, kubectl-get-nodes.json:")
        .contains("result: UNKNOWN");
  }

  /**
   * The real {@code kubectl describe nodes} of a k3s flannel-vxlan cluster and one node's dumps
   * whose neighbour for another node's VTEP is not that node's VtepMAC: the dumped neighbour wins,
   * the FDB entry for the VtepMAC is inferred, and lint finds the frame has no remote VTEP.
   */
  @Test
  void lint_aDumpedNeighbourContradictingTheVtepMac_isKept_andIsAFinding() throws Exception {
    Path vx = snap.resolve("vx");
    Files.createDirectories(vx.resolve("k3s-master-01"));
    Files.copy(
        Samples.dir()
            .getParent()
            .resolve("topology-model/src/test/resources/dev/podpath/model/dump/kubectl")
            .resolve("describe-nodes-k3s-1.27.txt"),
        vx.resolve("kubectl-describe-nodes.txt"));
    Files.writeString(
        vx.resolve("k3s-master-01/ip-route.txt"),
        """
        default via 90.156.226.1 dev eth0 proto static
        10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1
        90.156.226.0/24 dev eth0 proto kernel scope link src 90.156.226.73
        """);
    Files.writeString(
        vx.resolve("k3s-master-01/ip-neigh.txt"),
        "10.42.1.0 dev flannel.1 lladdr aa:bb:cc:dd:ee:ff PERMANENT\n");
    Files.writeString(
        vx.resolve("k3s-master-01/bridge-fdb.txt"),
        "2a:11:22:33:44:55 dev cni0 master cni0 permanent\n");
    Files.writeString(
        vx.resolve("k3s-master-01/ip-addr.txt"),
        """
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP qlen 1000
            link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
            inet 90.156.226.73/24 brd 90.156.226.255 scope global eth0
        3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN
            link/ether 16:05:4a:ed:ac:85 brd ff:ff:ff:ff:ff:ff
            inet 10.42.0.0/32 scope global flannel.1
        4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP qlen 1000
            link/ether 2a:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff
            inet 10.42.0.1/24 brd 10.42.0.255 scope global cni0
        """);

    CliTest.Run r = CliTest.run("lint", vx.toString());

    assertThat(r.out())
        .contains("FDB e2:5c:ef:b8:a4:63 dev flannel.1 dst 192.168.120.25 self permanent")
        .contains("node dimweb-b560-hd3 (kubectl-describe-nodes.txt:245")
        .contains("vxlan-no-fdb-entry")
        .contains("whose neighbour entry is aa:bb:cc:dd:ee:ff on flannel.1");
  }
}
