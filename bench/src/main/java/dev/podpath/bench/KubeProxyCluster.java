package dev.podpath.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A K-node flannel host-gw cluster in kube-proxy's iptables mode, as a scenario script and the
 * {@code iptables-restore} file every node loads (kube-proxy 1.29's and flannel's rules, the same
 * on every node, as kube-proxy writes them cluster-wide).
 *
 * <pre>
 *   lan (br0):  node i eth0 192.168.(i / 200).(10 + i % 200)/16
 *   node i:     cni0 10.244.i.1/24 (br_netfilter on, the default), pods pod{i}-{2..P+1}
 *   Services:   S ClusterIPs 10.96.(s / 250).(s % 250 + 1):80, 3 endpoints each, pods spread over
 *               the cluster (statistic 1/3, 1/2, rest), as KUBE-SVC/KUBE-SEP chains
 * </pre>
 */
final class KubeProxyCluster {

  private KubeProxyCluster() {}

  static String pod(int node, int p) {
    return "pod" + node + "-" + (p + 2);
  }

  private static String podIp(int node, int p) {
    return "10.244." + node + "." + (p + 2);
  }

  private static String nodeIp(int node) {
    return "192.168." + (node / 200) + "." + (10 + node % 200);
  }

  /** The script; {@code rules} is the path of the rules file it restores on every node. */
  static String script(int nodes, int pods, String rules) {
    if (nodes > 250 || pods > 250) {
      throw new IllegalArgumentException("at most 250 nodes of 250 pods: " + nodes + ", " + pods);
    }
    StringBuilder s = new StringBuilder("#!/usr/bin/env bash\nset -e\n");
    s.append("ip netns add lan\nip -n lan link add br0 type bridge\nip -n lan link set br0 up\n");
    for (int i = 0; i < nodes; i++) {
      String n = "node" + i;
      s.append("ip netns add ").append(n).append('\n');
      s.append("ip -n lan link add lan").append(i).append(" type veth peer name eth0 netns ");
      s.append(n).append('\n');
      s.append("ip -n lan link set lan").append(i).append(" master br0 up\n");
      s.append("ip -n ").append(n).append(" link set lo up\n");
      s.append("ip -n ").append(n).append(" addr add ").append(nodeIp(i)).append("/16 dev eth0\n");
      s.append("ip -n ").append(n).append(" link set eth0 up\n");
      s.append("ip -n ").append(n).append(" link add cni0 type bridge\n");
      s.append("ip -n ").append(n).append(" addr add 10.244.").append(i).append(".1/24 dev cni0\n");
      s.append("ip -n ").append(n).append(" link set cni0 up\n");
      s.append("ip netns exec ").append(n).append(" sysctl -w net.ipv4.ip_forward=1\n");
      for (int p = 0; p < pods; p++) {
        String pod = pod(i, p);
        s.append("ip netns add ").append(pod).append('\n');
        s.append("ip -n ").append(n).append(" link add veth").append(p);
        s.append(" type veth peer name eth0 netns ").append(pod).append('\n');
        s.append("ip -n ").append(n).append(" link set veth").append(p).append(" master cni0 up\n");
        s.append("ip -n ").append(pod).append(" link set lo up\n");
        s.append("ip -n ").append(pod).append(" addr add ").append(podIp(i, p));
        s.append("/24 dev eth0\n");
        s.append("ip -n ").append(pod).append(" link set eth0 up\n");
        s.append("ip -n ").append(pod).append(" route add default via 10.244.").append(i);
        s.append(".1\n");
      }
    }
    for (int i = 0; i < nodes; i++) {
      for (int j = 0; j < nodes; j++) {
        if (i != j) {
          s.append("ip -n node").append(i).append(" route add 10.244.").append(j);
          s.append(".0/24 via ").append(nodeIp(j)).append('\n');
        }
      }
      s.append("ip netns exec node").append(i).append(" iptables-restore ").append(rules);
      s.append('\n');
    }
    return s.toString();
  }

  /** kube-proxy's and flannel's rules for {@code services} Services, in iptables-restore form. */
  static String rules(int nodes, int pods, int services) {
    StringBuilder chains = new StringBuilder("*nat\n");
    StringBuilder r = new StringBuilder();
    for (String c :
        new String[] {
          "KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-MARK-MASQ", "KUBE-NODEPORTS", "FLANNEL-POSTRTG"
        }) {
      chains.append(':').append(c).append(" - [0:0]\n");
    }
    r.append(
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    r.append("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    r.append("-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\"");
    r.append(" -j KUBE-POSTROUTING\n");
    r.append("-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG\n");
    r.append("-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -j RETURN\n");
    r.append("-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -j RETURN\n");
    r.append("-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE\n");
    r.append("-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -j MASQUERADE\n");
    r.append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
    r.append("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n");
    r.append("-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n");
    r.append("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring");
    r.append(" SNAT\" -j MASQUERADE\n");
    int endpoints = 3;
    int all = nodes * pods;
    for (int s = 0; s < services; s++) {
      String svc = String.format("KUBE-SVC-%016X", 0x5EC0000000000000L + s);
      String name = "ns" + (s % 50) + "/svc-" + s + ":http";
      String ip = "10.96." + (s / 250) + "." + (s % 250 + 1);
      chains.append(':').append(svc).append(" - [0:0]\n");
      r.append("-A KUBE-SERVICES -d ").append(ip).append("/32 -p tcp -m comment --comment \"");
      r.append(name).append(" cluster IP\" -m tcp --dport 80 -j ").append(svc).append('\n');
      r.append("-A ").append(svc).append(" ! -s 10.244.0.0/16 -d ").append(ip);
      r.append("/32 -p tcp -m comment --comment \"").append(name);
      r.append(" cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n");
      for (int e = 0; e < endpoints; e++) {
        int k = (int) (((long) s * endpoints + e) * 7919 % all);
        String ep = podIp(k / pods, k % pods);
        String sep = String.format("KUBE-SEP-%016X", 0x5E90000000000000L + s * endpoints + e);
        chains.append(':').append(sep).append(" - [0:0]\n");
        r.append("-A ").append(svc).append(" -m comment --comment \"").append(name);
        r.append(" -> ").append(ep).append(":8080\"");
        if (e < endpoints - 1) {
          r.append(" -m statistic --mode random --probability ");
          r.append(
              new BigDecimal(1.0 / (endpoints - e))
                  .setScale(11, RoundingMode.HALF_EVEN)
                  .toPlainString());
        }
        r.append(" -j ").append(sep).append('\n');
        r.append("-A ").append(sep).append(" -s ").append(ep).append("/32 -m comment --comment \"");
        r.append(name).append("\" -j KUBE-MARK-MASQ\n");
        r.append("-A ").append(sep).append(" -p tcp -m comment --comment \"").append(name);
        r.append("\" -m tcp -j DNAT --to-destination ").append(ep).append(":8080\n");
      }
    }
    r.append(
        "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must");
    r.append(" be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n");
    StringBuilder filter = new StringBuilder("*filter\n");
    for (String c :
        new String[] {"KUBE-FORWARD", "KUBE-SERVICES", "KUBE-FIREWALL", "FLANNEL-FWD"}) {
      filter.append(':').append(c).append(" - [0:0]\n");
    }
    filter.append("-A INPUT -j KUBE-FIREWALL\n");
    filter.append("-A FORWARD -m comment --comment \"kubernetes forwarding rules\"");
    filter.append(" -j KUBE-FORWARD\n");
    filter.append(
        "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service");
    filter.append(" portals\" -j KUBE-SERVICES\n");
    filter.append("-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD\n");
    filter.append("-A OUTPUT -m conntrack --ctstate NEW -j KUBE-SERVICES\n");
    filter.append("-A OUTPUT -j KUBE-FIREWALL\n");
    filter.append("-A FLANNEL-FWD -s 10.244.0.0/16 -j ACCEPT\n");
    filter.append("-A FLANNEL-FWD -d 10.244.0.0/16 -j ACCEPT\n");
    filter.append("-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block");
    filter.append(" incoming localnet connections\" -m conntrack ! --ctstate");
    filter.append(" RELATED,ESTABLISHED,DNAT -j DROP\n");
    filter.append("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n");
    filter.append("-A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT\n");
    filter.append("-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    return chains.toString() + r + "COMMIT\n" + filter + "COMMIT\n";
  }
}
