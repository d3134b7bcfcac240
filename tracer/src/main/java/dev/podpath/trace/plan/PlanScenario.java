package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The planned cluster built as a scenario script ({@code podpath plan --emit-scenario}): each
 * segment an underlay bridge in a namespace of its own, each node a namespace on it with its
 * address, its pod subnet on {@code cni0} and forwarding on, a sample of pods per node, and what
 * flannel installs: for vxlan, {@code flannel.1} with its VNI and port, and per other node a route
 * onlink via its VTEP address, the neighbour entry and the FDB entry; for host-gw, a route per
 * other node via its address. The script is what {@code podpath verify} runs in the kernel.
 *
 * <pre>{@code
 * PlanScenario.script(plan);   // Optional[#!/usr/bin/env bash ... ip netns add node1 ...]
 * }</pre>
 */
public final class PlanScenario {

  private PlanScenario() {}

  /**
   * {@return why the plan cannot be built as a scenario, or empty: nodes on several segments (the
   * routers between them are not planned), more nodes than node subnets}
   */
  public static Optional<String> notBuilt(Plan p) {
    long segments = p.nodes().stream().map(Plan.Node::segment).distinct().count();
    if (segments > 1) {
      return Optional.of(
          "the nodes are on "
              + segments
              + " segments, and the routers between segments are not planned yet (not modelled: a plan's routers)");
    }
    if (p.nodes().size() > PlanChecks.nodesFit(p)) {
      return Optional.of("more nodes than node subnets (node-capacity)");
    }
    if (p.nodes().size() > 250) {
      return Optional.of("more than 250 nodes: the built sample is for a design review");
    }
    return Optional.empty();
  }

  /** {@return the pod subnet of the node at {@code index}: the index-th /mask of the pod CIDR} */
  public static Prefix podSubnet(Plan p, int index) {
    long base = p.podCidr().network().unsigned();
    long size = 1L << (32 - p.nodeCidrMaskSize());
    return Prefix.of(new Ipv4Address((int) (base + index * size)), p.nodeCidrMaskSize());
  }

  /** {@return the pod MTU the built cluster gives its pods: the plan's, or the one to set} */
  public static int podMtu(Plan p) {
    return p.podMtu().orElse(PlanChecks.podMtuToSet(p));
  }

  /** {@return the namespace of the k-th (from 1) sample pod of a node} */
  public static String podName(Plan.Node n, int k) {
    return n.name() + "-pod" + k;
  }

  /** {@return the script, when the plan can be built (see {@link #notBuilt})} */
  public static Optional<String> script(Plan p) {
    if (notBuilt(p).isPresent()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    String segment = "seg-" + p.nodes().get(0).segment();
    int mtu = podMtu(p);
    line(sb, "#!/usr/bin/env bash");
    line(
        sb,
        "# The cluster planned in "
            + p.file()
            + ", built by podpath plan: every node, "
            + p.podsPerNode()
            + " pods per node,");
    line(
        sb,
        "# and what flannel "
            + mode(p)
            + " installs. Run it in the kernel: sudo podpath verify FILE");
    line(sb, "set -e");
    line(sb, "");
    line(sb, "# ---------- the underlay: segment " + p.nodes().get(0).segment() + " ----------");
    line(sb, "ip netns add " + segment);
    line(sb, "ip -n " + segment + " link add br0 type bridge");
    line(sb, "ip -n " + segment + " link set br0 up");
    for (Plan.Node n : p.nodes()) {
      Prefix sub = podSubnet(p, n.index());
      line(sb, "");
      line(
          sb,
          "# ---------- "
              + n.name()
              + ": "
              + n.address()
              + "/"
              + n.subnet().length()
              + ", pods "
              + sub
              + " ----------");
      line(sb, "ip netns add " + n.name());
      String port = "u" + n.index();
      line(
          sb,
          "ip -n " + segment + " link add " + port + " type veth peer name eth0 netns " + n.name());
      line(sb, "ip -n " + segment + " link set " + port + " master br0");
      line(sb, "ip -n " + segment + " link set " + port + " up");
      line(sb, "ip -n " + n.name() + " link set lo up");
      if (n.mtu() != 1500) {
        line(sb, "ip -n " + segment + " link set " + port + " mtu " + n.mtu());
        line(sb, "ip -n " + n.name() + " link set eth0 mtu " + n.mtu());
      }
      line(
          sb,
          "ip -n "
              + n.name()
              + " addr add "
              + n.address()
              + "/"
              + n.subnet().length()
              + " dev eth0");
      line(sb, "ip -n " + n.name() + " link set eth0 up");
      line(sb, "ip -n " + n.name() + " link add cni0 mtu " + mtu + " type bridge");
      line(
          sb, "ip -n " + n.name() + " addr add " + host(sub, 1) + "/" + sub.length() + " dev cni0");
      line(sb, "ip -n " + n.name() + " link set cni0 up");
      line(sb, "ip netns exec " + n.name() + " sysctl -w net.ipv4.ip_forward=1");
    }
    line(sb, "");
    line(sb, "# ---------- flannel " + mode(p) + " ----------");
    for (Plan.Node n : p.nodes()) {
      if (p.cni().mode() == Plan.Mode.VXLAN) {
        line(
            sb,
            "ip -n "
                + n.name()
                + " link add flannel.1 address "
                + mac(n)
                + " type vxlan id "
                + p.cni().vni()
                + " local "
                + n.address()
                + " dev eth0 dstport "
                + p.cni().port()
                + " nolearning");
        line(
            sb,
            "ip -n "
                + n.name()
                + " addr add "
                + podSubnet(p, n.index()).network()
                + "/32 dev flannel.1");
        line(sb, "ip -n " + n.name() + " link set flannel.1 up");
      }
      for (Plan.Node o : p.nodes()) {
        if (o == n) {
          continue;
        }
        Prefix sub = podSubnet(p, o.index());
        if (p.cni().mode() == Plan.Mode.VXLAN) {
          line(
              sb,
              "ip -n "
                  + n.name()
                  + " route add "
                  + sub
                  + " via "
                  + sub.network()
                  + " dev flannel.1 onlink");
          line(
              sb,
              "ip -n "
                  + n.name()
                  + " neigh add "
                  + sub.network()
                  + " lladdr "
                  + mac(o)
                  + " dev flannel.1 nud permanent");
          line(
              sb,
              "bridge -n "
                  + n.name()
                  + " fdb append "
                  + mac(o)
                  + " dev flannel.1 dst "
                  + o.address()
                  + " self permanent");
        } else {
          line(sb, "ip -n " + n.name() + " route add " + sub + " via " + o.address() + " dev eth0");
        }
      }
    }
    for (Plan.Node n : p.nodes()) {
      Prefix sub = podSubnet(p, n.index());
      line(sb, "");
      line(sb, "# ---------- the pods of " + n.name() + " ----------");
      for (int k = 1; k <= p.podsPerNode(); k++) {
        String pod = podName(n, k);
        line(sb, "ip netns add " + pod);
        line(
            sb,
            "ip -n "
                + n.name()
                + " link add veth"
                + k
                + " mtu "
                + mtu
                + " type veth peer name eth0 mtu "
                + mtu
                + " netns "
                + pod);
        line(sb, "ip -n " + n.name() + " link set veth" + k + " master cni0");
        line(sb, "ip -n " + n.name() + " link set veth" + k + " up");
        line(sb, "ip -n " + pod + " link set lo up");
        line(
            sb,
            "ip -n " + pod + " addr add " + host(sub, k + 1) + "/" + sub.length() + " dev eth0");
        line(sb, "ip -n " + pod + " link set eth0 up");
        line(
            sb,
            "ip -n " + pod + " route add " + p.podCidr() + " via " + host(sub, 1) + " dev eth0");
        line(sb, "ip -n " + pod + " route add default via " + host(sub, 1) + " dev eth0");
      }
    }
    line(sb, "");
    line(sb, "# ---------- probes: each pod to the next node's first pod ----------");
    List<Plan.Node> nodes = p.nodes();
    for (Plan.Node n : nodes) {
      Plan.Node next = nodes.get((n.index() + 1) % nodes.size());
      line(
          sb,
          "ip netns exec "
              + podName(n, 1)
              + " ping -c1 -W1 "
              + host(podSubnet(p, next.index()), 2));
    }
    return Optional.of(sb.toString());
  }

  private static String mode(Plan p) {
    return p.cni().mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Ipv4Address host(Prefix sub, int n) {
    return new Ipv4Address((int) (sub.network().unsigned() + n));
  }

  private static String mac(Plan.Node n) {
    return String.format(
        Locale.ROOT, "0e:f1:00:00:%02x:%02x", (n.index() >> 8) & 0xff, n.index() & 0xff);
  }

  private static void line(StringBuilder sb, String s) {
    sb.append(s).append('\n');
  }
}
