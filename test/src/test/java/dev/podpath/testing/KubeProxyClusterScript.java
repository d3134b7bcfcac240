package dev.podpath.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A flannel host-gw cluster with kube-proxy's (iptables mode, 1.29) and flannel's rules on every
 * node, written as a scenario script, with faults drawn by a seed: the cluster {@code
 * MatrixAgreementTest} holds the matrix's fast path through iptables to.
 *
 * <pre>
 *   lan (br0): node i eth0 192.168.0.(10 + i)/24, i = 0..3
 *   node i:    cni0 10.244.i.1/24, pods pod{i}-2 .. pod{i}-4 (10.244.i.2 .. .4), br_netfilter on
 *   Services:  10.96.0.10:80 -> pod0-2, pod1-2, pod2-2 :8080 (statistic 1/3, 1/2, rest)
 *              10.96.0.30:80 -> pod3-3:8080;  10.96.0.20:80 no endpoints (REJECT)
 * </pre>
 */
final class KubeProxyClusterScript {

  static final int NODES = 4;

  private KubeProxyClusterScript() {}

  /** The faults a seed draws from: each a line format of (node, other node). */
  private static final String[] FAULTS = {
    // a REJECT in FORWARD for one pod
    "ip netns exec node%d iptables -I FORWARD -d 10.244.%d.3 -j REJECT\n",
    // FORWARD's policy DROP without flannel's ACCEPTs: only kube-proxy's ESTABLISHED pass
    "ip netns exec node%d iptables -F FLANNEL-FWD\nip netns exec node%d iptables -P FORWARD DROP\n",
    // a Service endpoint's node without its host-gw route
    "ip -n node%d route del 10.244.%d.0/24\n",
    // pings to the node from another node's pods dropped
    "ip netns exec node%d iptables -A INPUT -p icmp -s 10.244.%d.0/24 -j DROP\n",
    // undecided: a rate limit and a coin toss
    "ip netns exec node%d iptables -I FORWARD -p icmp -m limit --limit 1/s -d 10.244.%d.4 -j"
        + " ACCEPT\n",
    "ip netns exec node%d iptables -I FORWARD -s 10.244.%d.2 -m statistic --mode random"
        + " --probability 0.5 -j DROP\n",
    // a mark set in mangle: the packet changes, the proof stops
    "ip netns exec node%d iptables -t mangle -A PREROUTING -s 10.244.%d.4 -j MARK --set-mark"
        + " 0x1\n",
    // br_netfilter off on a node: its bridged frames skip iptables
    "ip netns exec node%d sysctl -w net.bridge.bridge-nf-call-iptables=0\n",
  };

  static String generate(int seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("#!/usr/bin/env bash\nset -e\n");
    s.append("ip netns add lan\nip -n lan link add br0 type bridge\nip -n lan link set br0 up\n");
    for (int i = 0; i < NODES; i++) {
      node(s, i);
    }
    for (int i = 0; i < NODES; i++) {
      for (int j = 0; j < NODES; j++) {
        if (i != j) {
          s.append(
              String.format("ip -n node%d route add 10.244.%d.0/24 via 192.168.0.1%d%n", i, j, j));
        }
      }
      for (String rule : rules()) {
        s.append("ip netns exec node").append(i).append(" iptables ").append(rule).append('\n');
      }
    }
    for (int k = 0; k < 3; k++) {
      String f = FAULTS[r.nextInt(FAULTS.length)];
      int a = r.nextInt(NODES);
      int b = r.nextInt(NODES);
      s.append(f.replace("node%d", "node" + a).replace("%d", String.valueOf(b)));
    }
    return s.toString();
  }

  private static void node(StringBuilder s, int i) {
    String n = "node" + i;
    s.append(String.format("ip netns add %s%n", n));
    s.append(String.format("ip -n lan link add lan%d type veth peer name eth0 netns %s%n", i, n));
    s.append(
        String.format("ip -n lan link set lan%d master br0%nip -n lan link set lan%d up%n", i, i));
    s.append(String.format("ip -n %s link set lo up%n", n));
    s.append(String.format("ip -n %s addr add 192.168.0.1%d/24 dev eth0%n", n, i));
    s.append(String.format("ip -n %s link set eth0 up%n", n));
    s.append(String.format("ip -n %s link add cni0 type bridge%n", n));
    s.append(String.format("ip -n %s addr add 10.244.%d.1/24 dev cni0%n", n, i));
    s.append(String.format("ip -n %s link set cni0 up%n", n));
    s.append(String.format("ip netns exec %s sysctl -w net.ipv4.ip_forward=1%n", n));
    for (int p = 2; p <= 4; p++) {
      String pod = "pod" + i + "-" + p;
      s.append(String.format("ip netns add %s%n", pod));
      s.append(
          String.format("ip -n %s link add veth%d type veth peer name eth0 netns %s%n", n, p, pod));
      s.append(String.format("ip -n %s link set veth%d master cni0%n", n, p));
      s.append(String.format("ip -n %s link set veth%d up%n", n, p));
      s.append(String.format("ip -n %s link set lo up%n", pod));
      s.append(String.format("ip -n %s addr add 10.244.%d.%d/24 dev eth0%n", pod, i, p));
      s.append(String.format("ip -n %s link set eth0 up%n", pod));
      s.append(String.format("ip -n %s route add default via 10.244.%d.1%n", pod, i));
    }
  }

  /** kube-proxy's and flannel's rules, as iptables arguments, the same on every node. */
  private static List<String> rules() {
    List<String> r = new ArrayList<>();
    for (String c :
        List.of(
            "KUBE-SERVICES",
            "KUBE-POSTROUTING",
            "KUBE-MARK-MASQ",
            "KUBE-NODEPORTS",
            "FLANNEL-POSTRTG",
            "KUBE-SVC-WEB",
            "KUBE-SVC-SOLO",
            "KUBE-SEP-A",
            "KUBE-SEP-B",
            "KUBE-SEP-C",
            "KUBE-SEP-D")) {
      r.add("-t nat -N " + c);
    }
    r.add(
        "-t nat -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    r.add("-t nat -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    r.add("-t nat -A POSTROUTING -j KUBE-POSTROUTING");
    r.add("-t nat -A POSTROUTING -j FLANNEL-POSTRTG");
    r.add("-t nat -A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -j RETURN");
    r.add("-t nat -A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -j RETURN");
    r.add("-t nat -A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE");
    r.add("-t nat -A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -j MASQUERADE");
    r.add("-t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000");
    r.add("-t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN");
    r.add("-t nat -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0");
    r.add("-t nat -A KUBE-POSTROUTING -j MASQUERADE");
    String[][] web = {{"A", "10.244.0.2"}, {"B", "10.244.1.2"}, {"C", "10.244.2.2"}};
    String[] probabilities = {"0.33333333349", "0.50000000000"};
    r.add("-t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-WEB");
    r.add("-t nat -A KUBE-SERVICES -d 10.96.0.30/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-SOLO");
    r.add("-t nat -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
    r.add(
        "-t nat -A KUBE-SVC-WEB ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j"
            + " KUBE-MARK-MASQ");
    for (int k = 0; k < web.length; k++) {
      String sep = "KUBE-SEP-" + web[k][0];
      r.add(
          "-t nat -A KUBE-SVC-WEB"
              + (k < probabilities.length
                  ? " -m statistic --mode random --probability " + probabilities[k]
                  : "")
              + " -j "
              + sep);
      r.add("-t nat -A " + sep + " -s " + web[k][1] + "/32 -j KUBE-MARK-MASQ");
      r.add("-t nat -A " + sep + " -p tcp -m tcp -j DNAT --to-destination " + web[k][1] + ":8080");
    }
    r.add("-t nat -A KUBE-SVC-SOLO -j KUBE-SEP-D");
    r.add("-t nat -A KUBE-SEP-D -s 10.244.3.3/32 -j KUBE-MARK-MASQ");
    r.add("-t nat -A KUBE-SEP-D -p tcp -m tcp -j DNAT --to-destination 10.244.3.3:8080");
    for (String c : List.of("KUBE-FORWARD", "KUBE-SERVICES", "KUBE-FIREWALL", "FLANNEL-FWD")) {
      r.add("-N " + c);
    }
    r.add("-A INPUT -j KUBE-FIREWALL");
    r.add("-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD");
    r.add("-A FORWARD -m conntrack --ctstate NEW -j KUBE-SERVICES");
    r.add("-A FORWARD -j FLANNEL-FWD");
    r.add("-A OUTPUT -m conntrack --ctstate NEW -j KUBE-SERVICES");
    r.add("-A OUTPUT -j KUBE-FIREWALL");
    r.add("-A FLANNEL-FWD -s 10.244.0.0/16 -j ACCEPT");
    r.add("-A FLANNEL-FWD -d 10.244.0.0/16 -j ACCEPT");
    r.add(
        "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m conntrack ! --ctstate"
            + " RELATED,ESTABLISHED,DNAT -j DROP");
    r.add("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP");
    r.add("-A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT");
    r.add("-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    r.add(
        "-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with"
            + " icmp-port-unreachable");
    return r;
  }
}
