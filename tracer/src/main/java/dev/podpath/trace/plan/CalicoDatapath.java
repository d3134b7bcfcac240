package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

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
    if (p.cni().mode().calicoVxlan()) {
      vxlan(sb, p);
      return;
    }
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
        boolean nativ = p.cni().mode().crossSubnet() && n.subnet().equals(o.subnet());
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
   * What felix installs on each node for Calico's VXLAN (felix, not bird, programs these routes,
   * with its route protocol 80): {@code vxlan.calico} (VNI 4096, UDP 4789, {@code nolearning}, the
   * node's address as its local end) up with the MTU to set and the block's first address as its
   * VTEP address; a blackhole route for the node's own block; and per other node its block {@code
   * via} the node's VTEP address {@code onlink} through {@code vxlan.calico}, with the permanent
   * neighbour entry (VTEP address to the VTEP's MAC) and FDB entry (MAC to the node's address) that
   * resolve it; or, with {@code CrossSubnet} and a node on the same subnet, natively via the node's
   * address on the NIC.
   */
  private static void vxlan(StringBuilder sb, Plan p) {
    PlanScenario.line(sb, "");
    PlanScenario.line(
        sb,
        "# ---------- Calico: vxlan.calico, the blocks and felix's routes ("
            + p.cni().label()
            + ") ----------");
    int mtu = PlanChecks.podMtuToSet(p);
    for (Plan.Node n : p.nodes()) {
      Prefix block = PlanScenario.podSubnet(p, n.index());
      String ip = "ip -n " + n.name() + " ";
      PlanScenario.line(
          sb,
          ip
              + "link add vxlan.calico address "
              + vtepMac(n)
              + " type vxlan id "
              + p.cni().vni()
              + " local "
              + n.address()
              + " dev eth0 dstport "
              + p.cni().port()
              + " nolearning");
      PlanScenario.line(sb, ip + "link set vxlan.calico mtu " + mtu + " up");
      PlanScenario.line(sb, ip + "addr add " + block.network() + "/32 dev vxlan.calico");
      PlanScenario.line(sb, ip + "route add blackhole " + block + " proto 80");
      for (Plan.Node o : p.nodes()) {
        if (o == n) {
          continue;
        }
        Prefix other = PlanScenario.podSubnet(p, o.index());
        if (p.cni().mode().crossSubnet() && n.subnet().equals(o.subnet())) {
          PlanScenario.line(
              sb, ip + "route add " + other + " via " + o.address() + " dev eth0 proto 80");
          continue;
        }
        PlanScenario.line(
            sb,
            ip
                + "route add "
                + other
                + " via "
                + other.network()
                + " dev vxlan.calico proto 80 onlink");
        PlanScenario.line(
            sb,
            ip
                + "neigh add "
                + other.network()
                + " lladdr "
                + vtepMac(o)
                + " dev vxlan.calico nud permanent");
        PlanScenario.line(
            sb,
            "bridge -n "
                + n.name()
                + " fdb append "
                + vtepMac(o)
                + " dev vxlan.calico dst "
                + o.address()
                + " self permanent");
      }
    }
  }

  /**
   * {@return the MAC of a node's {@code vxlan.calico}: felix picks a random one per node and keeps
   * it in the node's resource; the plan takes a locally administered one from the node's index}
   */
  static String vtepMac(Plan.Node n) {
    return String.format(
        Locale.ROOT, "66:ca:00:00:%02x:%02x", (n.index() >> 8) & 0xff, n.index() & 0xff);
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
