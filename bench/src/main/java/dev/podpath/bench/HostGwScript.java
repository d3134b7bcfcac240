package dev.podpath.bench;

/**
 * Generates, in memory, the scenario script of a flannel host-gw cluster of {@code nodes} nodes,
 * the same shape as samples/flannel-host-gw.sh scaled up: one L2 segment (bridge {@code br0} in
 * namespace {@code lan}), each node a namespace with {@code enp0s5} on the segment, a {@code cni0}
 * bridge holding its pod /24 and forwarding on, a host-gw route to every other node's pod /24 (so
 * {@code nodes - 1} of them per node), and two pods per node ({@code pod-NNNNN-a} at .2, {@code
 * pod-NNNNN-b} at .3). Addresses follow {@link ClusterShape}.
 */
final class HostGwScript {

  private HostGwScript() {}

  static String generate(int nodes) {
    StringBuilder s = new StringBuilder(nodes * (nodes * 70 + 2000));
    s.append("#!/usr/bin/env bash\n# generated: flannel host-gw, ")
        .append(nodes)
        .append(" nodes\n");
    s.append("set -e\n");
    s.append("ip netns add lan\n");
    s.append("ip -n lan link add br0 type bridge\n");
    s.append("ip -n lan link set br0 up\n");
    for (int i = 0; i < nodes; i++) {
      String n = ClusterShape.nodeName(i);
      String port = String.format("lan-%05d", i);
      s.append("ip netns add ").append(n).append('\n');
      s.append("ip -n lan link add ")
          .append(port)
          .append(" type veth peer name enp0s5 netns ")
          .append(n)
          .append('\n');
      s.append("ip -n lan link set ").append(port).append(" master br0\n");
      s.append("ip -n lan link set ").append(port).append(" up\n");
      s.append("ip -n ").append(n).append(" link set lo up\n");
      s.append("ip -n ")
          .append(n)
          .append(" addr add ")
          .append(ClusterShape.nodeIp(i))
          .append("/12 dev enp0s5\n");
      s.append("ip -n ").append(n).append(" link set enp0s5 up\n");
      s.append("ip -n ").append(n).append(" link add cni0 type bridge\n");
      s.append("ip -n ")
          .append(n)
          .append(" addr add ")
          .append(ClusterShape.podAddress(i, 1))
          .append("/24 dev cni0\n");
      s.append("ip -n ").append(n).append(" link set cni0 up\n");
      s.append("ip netns exec ").append(n).append(" sysctl -w net.ipv4.ip_forward=1\n");
    }
    for (int i = 0; i < nodes; i++) {
      String n = ClusterShape.nodeName(i);
      for (int j = 0; j < nodes; j++) {
        if (j != i) {
          s.append("ip -n ")
              .append(n)
              .append(" route add ")
              .append(ClusterShape.podSubnet(j))
              .append(" via ")
              .append(ClusterShape.nodeIp(j))
              .append(" dev enp0s5\n");
        }
      }
    }
    for (int i = 0; i < nodes; i++) {
      String n = ClusterShape.nodeName(i);
      for (int p = 0; p < 2; p++) {
        char c = (char) ('a' + p);
        String pod = podName(i, p);
        String veth = "veth-" + c;
        s.append("ip netns add ").append(pod).append('\n');
        s.append("ip -n ")
            .append(n)
            .append(" link add ")
            .append(veth)
            .append(" type veth peer name eth0 netns ")
            .append(pod)
            .append('\n');
        s.append("ip -n ").append(n).append(" link set ").append(veth).append(" master cni0\n");
        s.append("ip -n ").append(n).append(" link set ").append(veth).append(" up\n");
        s.append("ip -n ").append(pod).append(" link set lo up\n");
        s.append("ip -n ")
            .append(pod)
            .append(" addr add ")
            .append(ClusterShape.podAddress(i, 2 + p))
            .append("/24 dev eth0\n");
        s.append("ip -n ").append(pod).append(" link set eth0 up\n");
        s.append("ip -n ")
            .append(pod)
            .append(" route add ")
            .append(ClusterShape.POD_NETWORK)
            .append(" via ")
            .append(ClusterShape.podAddress(i, 1))
            .append(" dev eth0\n");
        s.append("ip -n ")
            .append(pod)
            .append(" route add default via ")
            .append(ClusterShape.podAddress(i, 1))
            .append(" dev eth0\n");
      }
    }
    return s.toString();
  }

  /** Pod {@code p} (0 or 1) of node {@code node}. */
  static String podName(int node, int p) {
    return String.format("pod-%05d-%c", node, (char) ('a' + p));
  }
}
