package dev.podpath.gui.shots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a scenario script of a flannel VXLAN cluster of any size, command for command the shape of
 * {@code samples/flannel-vxlan.sh} (its nodes on one L2 segment {@code lan/br0}, a {@code cni0}
 * bridge and a {@code flannel.1} VTEP per node with a route, a permanent neighbour and an FDB entry
 * for every other node, the pods' veths on {@code cni0}): {@code nodes} nodes of {@code
 * podsPerNode} pods, for the pictures and the layout's tests of a cluster whose pods wrap into
 * rows.
 *
 * <pre>
 *   node-NN    enp0s5 192.168.2.(10+NN)/24; cni0 10.10.NN.1/24; flannel.1 10.10.NN.0/32
 *   pod-NN-MMM eth0 10.10.NN.(MMM+2)/24 (its veth on the node: veth-NN-MMM)
 * </pre>
 */
public final class VxlanClusterScript {

  private VxlanClusterScript() {}

  /** The name of node {@code node}. */
  public static String nodeName(int node) {
    return String.format(Locale.ROOT, "node-%02d", node);
  }

  /** The name of pod {@code pod} of node {@code node}. */
  public static String podName(int node, int pod) {
    return String.format(Locale.ROOT, "pod-%02d-%03d", node, pod);
  }

  /** The address of pod {@code pod} of node {@code node}. */
  public static String podAddress(int node, int pod) {
    return "10.10." + node + "." + (pod + 2);
  }

  /** Writes the script to {@code file}. */
  public static void write(Path file, int nodes, int podsPerNode) throws IOException {
    Files.writeString(file, text(nodes, podsPerNode), StandardCharsets.UTF_8);
  }

  /** The script's text. */
  public static String text(int nodes, int podsPerNode) {
    if (nodes < 1 || nodes > 200 || podsPerNode < 0 || podsPerNode > 250) {
      throw new IllegalArgumentException(
          "1..200 nodes of 0..250 pods: " + nodes + " x " + podsPerNode);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("#!/bin/sh\n")
        .append("# A flannel VXLAN cluster of ")
        .append(nodes)
        .append(" nodes of ")
        .append(podsPerNode)
        .append(" pods, in the shape of samples/flannel-vxlan.sh.\n")
        .append("set -e\n")
        .append("ip netns add lan\n")
        .append("ip -n lan link add br0 type bridge\n")
        .append("ip -n lan link set br0 up\n");
    for (int n = 0; n < nodes; n++) {
      String node = nodeName(n);
      sb.append("ip netns add ").append(node).append('\n');
      line(sb, "ip -n lan link add lan-%s type veth peer name enp0s5 netns %s", node, node);
      line(sb, "ip -n lan link set lan-%s master br0", node);
      line(sb, "ip -n lan link set lan-%s up", node);
      line(sb, "ip -n %s link set lo up", node);
      line(sb, "ip -n %s addr add %s/24 dev enp0s5", node, underlay(n));
      line(sb, "ip -n %s link set enp0s5 up", node);
      line(sb, "ip -n %s link add cni0 mtu 1450 type bridge", node);
      line(sb, "ip -n %s addr add 10.10.%d.1/24 dev cni0", node, n);
      line(sb, "ip -n %s link set cni0 up", node);
      line(sb, "ip netns exec %s sysctl -w net.ipv4.ip_forward=1", node);
    }
    for (int n = 0; n < nodes; n++) {
      String node = nodeName(n);
      line(
          sb,
          "ip -n %s link add flannel.1 address %s type vxlan id 1 local %s dev enp0s5"
              + " dstport 8472 nolearning",
          node,
          vtepMac(n),
          underlay(n));
      line(sb, "ip -n %s addr add 10.10.%d.0/32 dev flannel.1", node, n);
      line(sb, "ip -n %s link set flannel.1 up", node);
      for (int m = 0; m < nodes; m++) {
        if (m == n) {
          continue;
        }
        line(
            sb, "ip -n %s route add 10.10.%d.0/24 via 10.10.%d.0 dev flannel.1 onlink", node, m, m);
        line(
            sb,
            "ip -n %s neigh add 10.10.%d.0 lladdr %s dev flannel.1 nud permanent",
            node,
            m,
            vtepMac(m));
        line(
            sb,
            "bridge -n %s fdb append %s dev flannel.1 dst %s self permanent",
            node,
            vtepMac(m),
            underlay(m));
      }
    }
    for (int n = 0; n < nodes; n++) {
      String node = nodeName(n);
      for (int p = 0; p < podsPerNode; p++) {
        String pod = podName(n, p);
        String veth = String.format(Locale.ROOT, "veth-%02d-%03d", n, p);
        sb.append("ip netns add ").append(pod).append('\n');
        line(
            sb,
            "ip -n %s link add %s mtu 1450 type veth peer name eth0 mtu 1450 netns %s",
            node,
            veth,
            pod);
        line(sb, "ip -n %s link set %s master cni0", node, veth);
        line(sb, "ip -n %s link set %s up", node, veth);
        line(sb, "ip -n %s link set lo up", pod);
        line(sb, "ip -n %s addr add %s/24 dev eth0", pod, podAddress(n, p));
        line(sb, "ip -n %s link set eth0 up", pod);
        line(sb, "ip -n %s route add 10.10.0.0/16 via 10.10.%d.1 dev eth0", pod, n);
        line(sb, "ip -n %s route add default via 10.10.%d.1 dev eth0", pod, n);
      }
    }
    return sb.toString();
  }

  private static String underlay(int node) {
    return "192.168.2." + (10 + node);
  }

  private static String vtepMac(int node) {
    return String.format(Locale.ROOT, "0e:f1:00:00:%02x:%02x", node >> 8 & 0xff, node & 0xff);
  }

  private static void line(StringBuilder sb, String format, Object... args) {
    sb.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
