package dev.podpath.bench;

import dev.podpath.model.addr.Ipv4Address;

/**
 * Generates a kube-proxy (iptables mode) nat table as {@code iptables-restore} reads it: for each
 * of {@code services} ClusterIP Services one rule in KUBE-SERVICES, a KUBE-SVC chain with the
 * KUBE-MARK-MASQ rule and one {@code -m statistic} rule per endpoint (probabilities 1/n, 1/(n-1),
 * ..., the last unconditional), and a KUBE-SEP chain per endpoint (hairpin KUBE-MARK-MASQ, DNAT),
 * as kube-proxy writes them. With 3 endpoints a Service costs 11 rules: 10,000 Services are about
 * 110,000 rules.
 *
 * <p>Service i has ClusterIP {@code 10.96.0.0 + i + 1}, port 80/tcp; its endpoints are the pods
 * {@code 10.244.0.3}, {@code .4}, {@code .5} on port 8080 (shared by every Service, so a trace can
 * reach them).
 */
final class KubeProxyRules {

  private KubeProxyRules() {}

  static Ipv4Address clusterIp(int i) {
    return new Ipv4Address(Ipv4Address.parse("10.96.0.0").bits() + i + 1);
  }

  static String generate(int services, int endpoints) {
    StringBuilder chains = new StringBuilder();
    StringBuilder rules = new StringBuilder();
    chains.append(
        "*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n");
    rules.append(
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    rules.append(
        "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    rules.append(
        "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n");
    rules.append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
    rules.append("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n");
    rules.append("-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n");
    rules.append(
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE\n");
    for (int i = 0; i < services; i++) {
      String svc = "KUBE-SVC-" + String.format("%016X", 0x5EC0000000000000L + i);
      String name = "ns" + (i % 50) + "/svc-" + i + ":http";
      Ipv4Address ip = clusterIp(i);
      chains.append(':').append(svc).append(" - [0:0]\n");
      rules
          .append("-A KUBE-SERVICES -d ")
          .append(ip)
          .append("/32 -p tcp -m comment --comment \"")
          .append(name)
          .append(" cluster IP\" -m tcp --dport 80 -j ")
          .append(svc)
          .append('\n');
      rules
          .append("-A ")
          .append(svc)
          .append(" ! -s 10.244.0.0/16 -d ")
          .append(ip)
          .append("/32 -p tcp -m comment --comment \"")
          .append(name)
          .append(" cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n");
      for (int e = 0; e < endpoints; e++) {
        String sep =
            "KUBE-SEP-" + String.format("%016X", 0x5E90000000000000L + (long) i * endpoints + e);
        String ep = "10.244.0." + (3 + e);
        chains.append(':').append(sep).append(" - [0:0]\n");
        rules
            .append("-A ")
            .append(svc)
            .append(" -m comment --comment \"")
            .append(name)
            .append(" -> ")
            .append(ep)
            .append(":8080\"");
        if (e < endpoints - 1) {
          rules
              .append(" -m statistic --mode random --probability ")
              .append(
                  new java.math.BigDecimal(1.0 / (endpoints - e))
                      .setScale(11, java.math.RoundingMode.HALF_EVEN)
                      .toPlainString());
        }
        rules.append(" -j ").append(sep).append('\n');
        rules
            .append("-A ")
            .append(sep)
            .append(" -s ")
            .append(ep)
            .append("/32 -m comment --comment \"")
            .append(name)
            .append("\" -j KUBE-MARK-MASQ\n");
        rules
            .append("-A ")
            .append(sep)
            .append(" -p tcp -m comment --comment \"")
            .append(name)
            .append("\" -m tcp -j DNAT --to-destination ")
            .append(ep)
            .append(":8080\n");
      }
    }
    rules.append(
        "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports\" -m addrtype --dst-type LOCAL"
            + " -j KUBE-NODEPORTS\n");
    chains.append(":KUBE-NODEPORTS - [0:0]\n");
    return chains.toString() + rules + "COMMIT\n";
  }

  /**
   * The topology of {@link #script} with {@code ruleset} as n1's netfilter (parsed apart: the
   * interpreter's iptables-restore is much slower than the parser on 100,000 rules).
   */
  static dev.podpath.model.topo.Topology withRules(
      dev.podpath.model.topo.Topology t, dev.podpath.model.netfilter.Ruleset ruleset) {
    java.util.Map<dev.podpath.model.topo.NetnsName, dev.podpath.model.topo.Netns> m =
        new java.util.LinkedHashMap<>(t.namespaces());
    dev.podpath.model.topo.Netns n = m.get(dev.podpath.model.topo.NetnsName.of("n1"));
    m.put(
        n.name(),
        new dev.podpath.model.topo.Netns(
            n.name(), n.devices(), n.routing(), n.neighbours(), n.fdb(), n.sysctls(), ruleset));
    return new dev.podpath.model.topo.Topology(m);
  }

  /**
   * A node n1 with a client pod p1 and the three endpoint pods, loading {@code rulesFile} if given.
   */
  static String script(String rulesFile) {
    StringBuilder sb = new StringBuilder();
    sb.append("ip netns add n1\nip -n n1 link set lo up\nip -n n1 link add cni0 type bridge\n")
        .append("ip -n n1 addr add 10.244.0.1/24 dev cni0\nip -n n1 link set cni0 up\n")
        .append("ip netns exec n1 sysctl -w net.ipv4.ip_forward=1\n");
    String[] pods = {"p1", "pa", "pb", "pc"};
    for (int k = 0; k < pods.length; k++) {
      String p = pods[k];
      sb.append("ip netns add ")
          .append(p)
          .append('\n')
          .append("ip -n ")
          .append(p)
          .append(" link add eth0 type veth peer name veth-")
          .append(p)
          .append(" netns n1\n")
          .append("ip -n n1 link set veth-")
          .append(p)
          .append(" master cni0 up\n")
          .append("ip -n ")
          .append(p)
          .append(" addr add 10.244.0.")
          .append(2 + k)
          .append("/24 dev eth0\n")
          .append("ip -n ")
          .append(p)
          .append(" link set eth0 up\n")
          .append("ip -n ")
          .append(p)
          .append(" route add default via 10.244.0.1\n");
    }
    for (String p : new String[] {"pa", "pb", "pc"}) {
      sb.append("ip netns exec ").append(p).append(" nc -lk 8080 &\n"); // the endpoints serve
    }
    if (rulesFile != null) {
      sb.append("ip netns exec n1 iptables-restore --noflush ").append(rulesFile).append('\n');
    }
    return sb.toString();
  }
}
