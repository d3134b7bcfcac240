package dev.podpath.gui.shots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a snapshot folder of a flannel host-gw cluster as {@code ip -j} prints its dumps (the
 * fields and their order as in {@code samples/snapshots/flannel-host-gw}, collected from a real
 * kernel): {@code nodes} node folders, each with {@code podsPerNode} pod namespaces under {@code
 * netns/}, so {@code nodes * (podsPerNode + 1)} namespaces. 20 nodes of 49 pods make the 1,000
 * namespaces of the GUI's target.
 *
 * <pre>
 *   node-NN        eth0 172.16.0.(10+NN)/24 (the segment, found by its shared subnet)
 *                  cni0 10.244.NN.1/24, bridge; vethNNMMM its ports, one per pod
 *                  a host-gw route to every other node's pod /24; default via 172.16.0.1 (not dumped)
 *   cni-NN-MMM     eth0 10.244.NN.(MMM+2)/24, default via 10.244.NN.1
 * </pre>
 *
 * Veths are tied as the kernel shows them: the pod's {@code eth0} names its peer's ifindex and
 * {@code link_netnsid} 0, the node's port names ifindex 2 and the nsid that the node's {@code ip
 * netns list-id} gives the pod's namespace.
 */
public final class ClusterSnapshot {

  private ClusterSnapshot() {}

  /** The name of pod {@code pod} of node {@code node}'s namespace folder. */
  public static String podName(int node, int pod) {
    return String.format(Locale.ROOT, "cni-%02d-%03d", node, pod);
  }

  /** The name of node {@code node}'s folder. */
  public static String nodeName(int node) {
    return String.format(Locale.ROOT, "node-%02d", node);
  }

  /** The address of pod {@code pod} of node {@code node}. */
  public static String podAddress(int node, int pod) {
    return "10.244." + node + "." + (pod + 2);
  }

  /** Writes the snapshot into {@code dir} (created; it must not hold one already). */
  public static void write(Path dir, int nodes, int podsPerNode) throws IOException {
    if (nodes < 1 || nodes > 200 || podsPerNode < 0 || podsPerNode > 250) {
      throw new IllegalArgumentException(
          "1..200 nodes of 0..250 pods: " + nodes + " x " + podsPerNode);
    }
    Files.createDirectories(dir);
    for (int n = 0; n < nodes; n++) {
      Path node = dir.resolve(nodeName(n));
      Files.createDirectories(node);
      writeNode(node, n, nodes, podsPerNode);
      for (int p = 0; p < podsPerNode; p++) {
        Path pod = node.resolve("netns").resolve(podName(n, p));
        Files.createDirectories(pod);
        writePod(pod, n, p);
      }
    }
  }

  private static void writeNode(Path dir, int n, int nodes, int pods) throws IOException {
    String nodeIp = "172.16.0." + (10 + n);
    StringBuilder link = new StringBuilder("[");
    StringBuilder addr = new StringBuilder("[");
    link.append(lo(false)).append(',');
    addr.append(lo(true)).append(',');
    String eth0 =
        "{\"ifindex\":2,\"ifname\":\"eth0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\","
            + "\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"fq_codel\",\"operstate\":\"UP\","
            + "\"group\":\"default\",\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\""
            + mac(0x52, n, 0)
            + "\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\"";
    link.append(eth0).append('}').append(',');
    addr.append(eth0).append(",\"addr_info\":[").append(inet(nodeIp, 24, "eth0")).append("]},");
    String cni0 =
        "{\"ifindex\":3,\"ifname\":\"cni0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\","
            + "\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"UP\","
            + "\"group\":\"default\",\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\""
            + mac(0x0e, n, 0)
            + "\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\"";
    link.append(cni0).append(",\"linkinfo\":{\"info_kind\":\"bridge\"}}");
    addr.append(cni0)
        .append(",\"addr_info\":[")
        .append(inet("10.244." + n + ".1", 24, "cni0"))
        .append("]}");
    StringBuilder listId = new StringBuilder();
    for (int p = 0; p < pods; p++) {
      String veth =
          "{\"ifindex\":"
              + (4 + p)
              + ",\"link_index\":2,\"ifname\":\"veth"
              + String.format(Locale.ROOT, "%02d%03d", n, p)
              + "\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],\"mtu\":1500,"
              + "\"qdisc\":\"noqueue\",\"master\":\"cni0\",\"operstate\":\"UP\","
              + "\"group\":\"default\",\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\""
              + mac(0xc6, n, p + 1)
              + "\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\",\"link_netnsid\":"
              + p;
      link.append(',')
          .append(veth)
          .append(",\"linkinfo\":{\"info_kind\":\"veth\",\"info_slave_kind\":\"bridge\"}}");
      addr.append(',').append(veth).append(",\"addr_info\":[]}");
      listId
          .append("nsid ")
          .append(p)
          .append(" (iproute2 netns name: ")
          .append(podName(n, p))
          .append(")\n");
    }
    link.append("]\n");
    addr.append("]\n");
    StringBuilder route = new StringBuilder("[");
    route.append("{\"dst\":\"default\",\"gateway\":\"172.16.0.1\",\"dev\":\"eth0\",\"flags\":[]}");
    for (int m = 0; m < nodes; m++) {
      if (m != n) {
        route
            .append(",{\"dst\":\"10.244.")
            .append(m)
            .append(".0/24\",\"gateway\":\"172.16.0.")
            .append(10 + m)
            .append("\",\"dev\":\"eth0\",\"flags\":[]}");
      }
    }
    route.append(',').append(connected("10.244." + n + ".0/24", "cni0", "10.244." + n + ".1"));
    route.append(',').append(connected("172.16.0.0/24", "eth0", nodeIp));
    route.append(',').append(local("10.244." + n + ".1", "cni0", "10.244." + n + ".1"));
    route.append(',').append(broadcast("10.244." + n + ".255", "cni0", "10.244." + n + ".1"));
    route.append(',').append(loopbackRoutes());
    route.append(',').append(local(nodeIp, "eth0", nodeIp));
    route.append(',').append(broadcast("172.16.0.255", "eth0", nodeIp));
    route.append("]\n");
    write(dir, "ip-link.json", link);
    write(dir, "ip-addr.json", addr);
    write(dir, "ip-route.json", route);
    write(dir, "ip-rule.json", rules());
    write(dir, "ip-netns-list-id.txt", listId);
    // empty: the namespace has no iptables table (docs/snapshot.md)
    write(dir, "iptables-save.txt", new StringBuilder());
  }

  private static void writePod(Path dir, int n, int p) throws IOException {
    String ip = podAddress(n, p);
    String eth0 =
        "{\"ifindex\":2,\"link_index\":"
            + (4 + p)
            + ",\"ifname\":\"eth0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
            + "\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"UP\",\"group\":\"default\","
            + "\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\""
            + mac(0x22, n, p + 1)
            + "\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\",\"link_netnsid\":0";
    StringBuilder link = new StringBuilder("[");
    link.append(lo(false))
        .append(',')
        .append(eth0)
        .append(",\"linkinfo\":{\"info_kind\":\"veth\"}}]\n");
    StringBuilder addr = new StringBuilder("[");
    addr.append(lo(true))
        .append(',')
        .append(eth0)
        .append(",\"addr_info\":[")
        .append(inet(ip, 24, "eth0"))
        .append("]}]\n");
    String gw = "10.244." + n + ".1";
    StringBuilder route = new StringBuilder("[");
    route
        .append("{\"dst\":\"default\",\"gateway\":\"")
        .append(gw)
        .append("\",\"dev\":\"eth0\",\"flags\":[]},");
    route.append(connected("10.244." + n + ".0/24", "eth0", ip)).append(',');
    route.append(local(ip, "eth0", ip)).append(',');
    route.append(broadcast("10.244." + n + ".255", "eth0", ip)).append(',');
    route.append(loopbackRoutes()).append("]\n");
    write(dir, "ip-link.json", link);
    write(dir, "ip-addr.json", addr);
    write(dir, "ip-route.json", route);
    write(dir, "ip-rule.json", rules());
    // the node's root namespace has no name in /run/netns: list-id gives the nsid alone
    write(dir, "ip-netns-list-id.txt", new StringBuilder("nsid 0 \n"));
    write(dir, "iptables-save.txt", new StringBuilder());
  }

  private static String lo(boolean withAddress) {
    String lo =
        "{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],"
            + "\"mtu\":65536,\"qdisc\":\"noqueue\",\"operstate\":\"UNKNOWN\","
            + "\"group\":\"default\",\"txqlen\":1000,\"link_type\":\"loopback\","
            + "\"address\":\"00:00:00:00:00:00\",\"broadcast\":\"00:00:00:00:00:00\"";
    return lo + (withAddress ? ",\"addr_info\":[" + inet("127.0.0.1", 8, "lo") + "]}" : "}");
  }

  private static String inet(String local, int len, String label) {
    return "{\"family\":\"inet\",\"local\":\""
        + local
        + "\",\"prefixlen\":"
        + len
        + ",\"scope\":\""
        + (label.equals("lo") ? "host" : "global")
        + "\",\"label\":\""
        + label
        + "\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295}";
  }

  private static String connected(String dst, String dev, String src) {
    return kernelRoute("unicast", dst, dev, "link", src);
  }

  private static String local(String dst, String dev, String src) {
    return kernelRoute("local", dst, dev, "host", src);
  }

  private static String broadcast(String dst, String dev, String src) {
    return kernelRoute("broadcast", dst, dev, "link", src);
  }

  /**
   * A route the kernel made for an address, as {@code ip -j route show table all} prints it: a
   * unicast route of the main table without {@code type} and {@code table}.
   */
  private static String kernelRoute(String type, String dst, String dev, String scope, String src) {
    boolean main = type.equals("unicast");
    return "{"
        + (main ? "" : "\"type\":\"" + type + "\",")
        + "\"dst\":\""
        + dst
        + "\",\"dev\":\""
        + dev
        + "\","
        + (main ? "" : "\"table\":\"local\",")
        + "\"protocol\":\"kernel\",\"scope\":\""
        + scope
        + "\",\"prefsrc\":\""
        + src
        + "\",\"flags\":[]}";
  }

  private static String loopbackRoutes() {
    return local("127.0.0.0/8", "lo", "127.0.0.1")
        + ","
        + local("127.0.0.1", "lo", "127.0.0.1")
        + ","
        + broadcast("127.255.255.255", "lo", "127.0.0.1");
  }

  private static StringBuilder rules() {
    return new StringBuilder(
        "[{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},{\"priority\":32766,\"src\":"
            + "\"all\",\"table\":\"main\"},{\"priority\":32767,\"src\":\"all\",\"table\":"
            + "\"default\"}]\n");
  }

  /** A locally administered unicast MAC, unique per (kind, node, index). */
  private static String mac(int kind, int node, int index) {
    return String.format(
        Locale.ROOT,
        "%02x:%02x:%02x:%02x:%02x:%02x",
        kind | 0x02,
        0x5a,
        node >> 8 & 0xff,
        node & 0xff,
        index >> 8 & 0xff,
        index & 0xff);
  }

  private static void write(Path dir, String name, CharSequence text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
