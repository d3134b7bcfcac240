package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.NetnsName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot assembly does work in proportion to the snapshot, not to its square: loaded at K and at
 * 2K nodes (each node the same few dumps, so the input doubles), the assembly's lookups ({@link
 * LoadWork}: probes of its indexes, elements its scans visit) at most 2.2 times as many. A count,
 * not a clock, so it cannot flake on a loaded machine. Every node's uplink shares one subnet and
 * kubectl lists each node and two pods per node that were not dumped: every next hop is asked for
 * its owner, every pod too, and every node joins one L2 segment (the questions that once scanned
 * every namespace each, issue 16). Timings at 500 to 5,000 nodes: bench/SnapshotScale.
 */
final class AssemblyWorkTest {

  @TempDir Path tmp;

  @Test
  void assemblyWork_atTwiceTheNodes_isAtMostTwiceAndATenth() throws Exception {
    LoadWork small = load(write(tmp.resolve("k"), 60));
    LoadWork large = load(write(tmp.resolve("2k"), 120));

    assertThat(small.lookups()).isGreaterThan(60 * 3);
    assertThat((double) large.lookups() / small.lookups()).isLessThanOrEqualTo(2.2);
  }

  @Test
  void theGeneratedCluster_isAssembledAsOneSegment_withTheUndumpedPodsAtTheBridges()
      throws Exception {
    Snapshot s = Snapshot.load(write(tmp.resolve("s"), 5), Snapshot.Options.DEFAULTS);

    assertThat(s.topology().namespaces()).containsKey(NetnsName.of("segment"));
    assertThat(s.topology().namespaces().get(NetnsName.of("segment")).devices())
        .hasSize(1 + 1 + 5 + 1); // lo, br0, a port per node, and `outside` for the gateway
    assertThat(s.topology().namespaces().get(NetnsName.of("node-3")).device("cni0-pods"))
        .isPresent();
  }

  private static LoadWork load(Path dir) throws SnapshotException {
    LoadWork work = LoadWork.recording();
    Snapshot.load(dir, Snapshot.Options.DEFAULTS, work);
    return work;
  }

  /** {@code nodes} nodes, each with four routes: the input grows with the nodes. */
  private static Path write(Path dir, int nodes) throws IOException {
    Files.createDirectories(dir);
    StringBuilder kubeNodes =
        new StringBuilder("NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP\n");
    StringBuilder pods = new StringBuilder("NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE\n");
    for (int i = 0; i < nodes; i++) {
      String name = "node-" + i;
      String ip = "172.16." + (i >> 8) + "." + (i & 0xff | 1);
      String cni = "10." + (i >> 8) + "." + (i & 0xff) + ".";
      kubeNodes.append(name).append(" Ready <none> 1d v1.27.3 ").append(ip).append(" <none>\n");
      for (int p = 2; p <= 3; p++) {
        pods.append("default pod-")
            .append(i)
            .append('-')
            .append(p)
            .append(" 1/1 Running 0 1d ")
            .append(cni)
            .append(p)
            .append(' ')
            .append(name)
            .append('\n');
      }
      Path node = Files.createDirectories(dir.resolve(name));
      Files.writeString(
          node.resolve("ifconfig.txt"),
          "cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
              + "        inet "
              + cni
              + "1  netmask 255.255.255.0  broadcast "
              + cni
              + "255\n\n"
              + "enp0s5: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
              + "        inet "
              + ip
              + "  netmask 255.240.0.0  broadcast 172.31.255.255\n\n");
      Files.writeString(
          node.resolve("ip-route.txt"),
          "default via 172.31.255.254 dev enp0s5\n"
              + cni
              + "0/24 dev cni0 proto kernel scope link src "
              + cni
              + "1\n"
              + "10.0.0.0/8 via 172.31.255.254 dev enp0s5\n"
              + "172.16.0.0/12 dev enp0s5 proto kernel scope link src "
              + ip
              + "\n");
    }
    Files.writeString(dir.resolve("kubectl-get-nodes.txt"), kubeNodes);
    Files.writeString(dir.resolve("kubectl-get-pods.txt"), pods);
    return dir;
  }
}
