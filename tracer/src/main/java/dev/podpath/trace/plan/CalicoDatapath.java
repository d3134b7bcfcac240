package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What Calico installs on the nodes of a built plan (docs/plan.md, "Calico IPIP"): per node {@code
 * tunl0} with the block's first address, bird's blackhole of the node's own block and its routes to
 * the other nodes' blocks; per pod the proxy-ARP {@code cali} veth and the /32 routes; per node the
 * {@code natOutgoing} rule. {@link PlanScenario} builds what every plugin shares (the underlay, the
 * router, the Services) and calls this for Calico.
 *
 * <pre>{@code
 * CalicoDatapath.caliName("node1-pod1");   // "cali" + 11 hex digits of SHA-1("default.node1-pod1")
 * }</pre>
 */
final class CalicoDatapath {

  private CalicoDatapath() {}

  /**
   * What Calico installs on each node: {@code tunl0} up with the MTU to set and the block's first
   * address, a blackhole route for its own block (bird's, {@code proto bird}), and per other node
   * its block via the node's address: through {@code tunl0} {@code onlink} (IPIP), or natively on
   * the NIC for a node on the same subnet with {@code CrossSubnet}.
   */
  static void nodes(StringBuilder sb, Plan p) {
    PlanScenario.line(sb, "");
    PlanScenario.line(
        sb,
        "# ---------- Calico: tunl0, the blocks and bird's routes ("
            + p.cni().label()
            + ") ----------");
    int tunlMtu = PlanChecks.podMtuToSet(p);
    for (Plan.Node n : p.nodes()) {
      Prefix block = PlanScenario.podSubnet(p, n.index());
      PlanScenario.line(sb, "ip -n " + n.name() + " link set tunl0 mtu " + tunlMtu + " up");
      PlanScenario.line(sb, "ip -n " + n.name() + " addr add " + block.network() + "/32 dev tunl0");
      PlanScenario.line(sb, "ip -n " + n.name() + " route add blackhole " + block + " proto bird");
      for (Plan.Node o : p.nodes()) {
        if (o == n) {
          continue;
        }
        Prefix other = PlanScenario.podSubnet(p, o.index());
        boolean nativ =
            p.cni().mode() == Plan.Mode.IPIP_CROSS_SUBNET && n.subnet().equals(o.subnet());
        PlanScenario.line(
            sb,
            "ip -n "
                + n.name()
                + " route add "
                + other
                + " via "
                + o.address()
                + (nativ ? " dev eth0 proto bird" : " dev tunl0 proto bird onlink"));
      }
    }
  }

  /**
   * A pod as Calico's CNI plugin and felix wire it: the host side {@code cali...} (see {@link
   * #caliName}) with MAC ee:ee:ee:ee:ee:ee, {@code proxy_arp} on and {@code proxy_delay} 0, the
   * node's /32 route to the pod through it, and in the pod its address as a /32, a route to
   * 169.254.1.1 (an address nobody owns; the node answers its ARP) and the default via it.
   */
  static void pod(StringBuilder sb, Plan p, Plan.Node n, String pod, Ipv4Address addr) {
    int mtu = PlanScenario.podMtu(p);
    String veth = caliName(pod);
    PlanScenario.line(sb, "ip netns add " + pod);
    PlanScenario.line(
        sb,
        "ip -n "
            + n.name()
            + " link add "
            + veth
            + " mtu "
            + mtu
            + " type veth peer name eth0 mtu "
            + mtu
            + " netns "
            + pod);
    PlanScenario.line(
        sb, "ip -n " + n.name() + " link set " + veth + " address ee:ee:ee:ee:ee:ee up");
    PlanScenario.line(
        sb, "ip netns exec " + n.name() + " sysctl -w net.ipv4.conf." + veth + ".proxy_arp=1");
    PlanScenario.line(
        sb, "ip netns exec " + n.name() + " sysctl -w net.ipv4.neigh." + veth + ".proxy_delay=0");
    PlanScenario.line(
        sb, "ip -n " + n.name() + " route add " + addr + "/32 dev " + veth + " scope link");
    PlanScenario.line(sb, "ip -n " + pod + " link set lo up");
    PlanScenario.line(sb, "ip -n " + pod + " addr add " + addr + "/32 dev eth0");
    PlanScenario.line(sb, "ip -n " + pod + " link set eth0 up");
    PlanScenario.line(sb, "ip -n " + pod + " route add 169.254.1.1 dev eth0 scope link");
    PlanScenario.line(sb, "ip -n " + pod + " route add default via 169.254.1.1 dev eth0");
  }

  /**
   * Calico's {@code natOutgoing} (the IPPool's default): one rule per node, from the pool to
   * outside it (Calico's matches the ipsets {@code cali40masq-ipam-pools} and {@code
   * cali40all-ipam-pools}, which hold the same ranges here).
   */
  static void natOutgoing(StringBuilder sb, Plan p) {
    PlanScenario.line(
        sb,
        "# Calico's natOutgoing (the IPPool's default), without its ipsets: from the pool to"
            + " outside it");
    for (Plan.Node n : p.nodes()) {
      PlanScenario.line(
          sb,
          "ip netns exec "
              + n.name()
              + " iptables -t nat -A POSTROUTING -s "
              + p.podCidr()
              + " ! -d "
              + p.podCidr()
              + " -j MASQUERADE");
    }
  }

  /**
   * {@return the host side of a Calico pod's veth: {@code cali} and the first 11 hex digits of the
   * SHA-1 of {@code NAMESPACE.POD}, as Calico's CNI plugin names it (the sample pods in {@code
   * default}, CoreDNS in {@code kube-system})}
   */
  static String caliName(String pod) {
    String ns = pod.endsWith("-dns") || pod.equals("coredns") ? "kube-system" : "default";
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-1")
              .digest((ns + "." + pod).getBytes(StandardCharsets.UTF_8));
      return "cali" + HexFormat.of().formatHex(h).substring(0, 11);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is in every JDK", e);
    }
  }
}
