package dev.podpath.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a K-node flannel host-gw cluster as a snapshot folder (docs/snapshot.md), the shape of the
 * issue's row: per node {@code ifconfig.txt} (lo, enp0s5 on the node segment, cni0 with the node's
 * pod /24) and {@code ip-route.txt} (default, the connected routes, and a route {@code via} every
 * other node: K + 2 routes), plus {@code kubectl-get-nodes.json} (with flannel's host-gw
 * annotations and the podCIDRs) and {@code kubectl-get-pods.txt} (two pods per node, not dumped).
 * Addressing: {@link ClusterShape}.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.podpath.bench.HostGwSnapshot 500 /tmp/snap-500
 * </pre>
 */
final class HostGwSnapshot {

  private HostGwSnapshot() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: HostGwSnapshot NODES DIR");
      System.exit(2);
    }
    write(Integer.parseInt(args[0]), Path.of(args[1]));
  }

  /** Writes the snapshot of a {@code nodes}-node cluster into {@code dir} (emptied first). */
  static void write(int nodes, Path dir) throws IOException {
    delete(dir);
    Files.createDirectories(dir);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("kubectl-get-nodes.json"))) {
      w.write("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n");
      for (int i = 0; i < nodes; i++) {
        String ip = ClusterShape.nodeIp(i);
        w.write(
            (i == 0 ? "" : ",\n")
                + "{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \""
                + ClusterShape.nodeName(i)
                + "\", \"annotations\": {\"flannel.alpha.coreos.com/backend-data\": \"null\","
                + " \"flannel.alpha.coreos.com/backend-type\": \"host-gw\","
                + " \"flannel.alpha.coreos.com/public-ip\": \""
                + ip
                + "\"}}, \"spec\": {\"podCIDR\": \""
                + ClusterShape.podSubnet(i)
                + "\", \"podCIDRs\": [\""
                + ClusterShape.podSubnet(i)
                + "\"]}, \"status\": {\"addresses\": [{\"address\": \""
                + ip
                + "\", \"type\": \"InternalIP\"}]}}");
      }
      w.write("\n]}\n");
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("kubectl-get-pods.txt"))) {
      w.write("NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES\n");
      for (int i = 0; i < nodes; i++) {
        for (int p = 2; p <= 3; p++) {
          w.write(
              "default pod-"
                  + String.format("%05d", i)
                  + (p == 2 ? "-a" : "-b")
                  + " 1/1 Running 0 21m "
                  + ClusterShape.podAddress(i, p)
                  + " "
                  + ClusterShape.nodeName(i)
                  + " <none> <none>\n");
        }
      }
    }
    for (int i = 0; i < nodes; i++) {
      Path node = dir.resolve(ClusterShape.nodeName(i));
      Files.createDirectories(node);
      Files.writeString(node.resolve("ifconfig.txt"), ifconfig(i), StandardCharsets.UTF_8);
      try (BufferedWriter w = Files.newBufferedWriter(node.resolve("ip-route.txt"))) {
        routes(i, nodes, w);
      }
    }
  }

  private static String ifconfig(int i) {
    String mac = String.format("52:54:00:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
    String cniMac =
        String.format("0a:58:0a:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
    return "cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
        + "        inet "
        + ClusterShape.podAddress(i, 1)
        + "  netmask 255.255.255.0  broadcast "
        + ClusterShape.podSubnet(i).broadcast()
        + "\n        ether "
        + cniMac
        + "  txqueuelen 1000  (Ethernet)\n\n"
        + "enp0s5: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
        + "        inet "
        + ClusterShape.nodeIp(i)
        + "  netmask 255.240.0.0  broadcast 172.31.255.255\n"
        + "        ether "
        + mac
        + "  txqueuelen 1000  (Ethernet)\n\n"
        + "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n"
        + "        inet 127.0.0.1  netmask 255.0.0.0\n"
        + "        loop  txqueuelen 1000  (Local Loopback)\n\n";
  }

  private static void routes(int i, int nodes, BufferedWriter w) throws IOException {
    w.write("default via " + ClusterShape.GATEWAY + " dev enp0s5 proto dhcp src ");
    w.write(ClusterShape.nodeIp(i) + " metric 100\n");
    for (int j = 0; j < nodes; j++) {
      if (j == i) {
        w.write(ClusterShape.podSubnet(i).toString());
        w.write(" dev cni0 proto kernel scope link src ");
        w.write(ClusterShape.podAddress(i, 1).toString());
        w.write('\n');
      } else {
        w.write(ClusterShape.podSubnet(j).toString());
        w.write(" via ");
        w.write(ClusterShape.nodeIp(j));
        w.write(" dev enp0s5\n");
      }
    }
    w.write("172.16.0.0/12 dev enp0s5 proto kernel scope link src ");
    w.write(ClusterShape.nodeIp(i) + " metric 100\n");
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
