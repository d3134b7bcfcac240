package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Severity;
import dev.podpath.trace.plan.PlanFinding.PlanCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checks of a plan, each a {@link PlanFinding} citing the plan's lines. */
public final class PlanChecks {

  private PlanChecks() {}

  /** A range of the plan: what it is, its CIDR, its key path, whose it is. */
  public record Range(String what, Prefix cidr, String pointer, boolean docker) {}

  /** The private ranges (RFC 1918) a free range is looked for in. */
  private static final List<Prefix> PRIVATE =
      List.of(
          Prefix.parse("10.0.0.0/8"),
          Prefix.parse("172.16.0.0/12"),
          Prefix.parse("192.168.0.0/16"));

  /** {@return every range the plan names, in the order of the file} */
  public static List<Range> ranges(Plan p) {
    List<Range> out = new ArrayList<>();
    out.add(new Range("the pod CIDR", p.podCidr(), "/cluster/podCidr", false));
    out.add(new Range("the Service CIDR", p.serviceCidr(), "/cluster/serviceCidr", false));
    Map<String, Plan.Node> segments = new LinkedHashMap<>();
    p.nodes().forEach(n -> segments.putIfAbsent(n.segment(), n));
    segments.forEach(
        (s, n) ->
            out.add(
                new Range(
                    "segment " + s + " (the nodes' subnet)",
                    n.subnet(),
                    "/nodes/" + n.index() + "/address",
                    false)));
    p.networks()
        .forEach(
            n ->
                out.add(
                    new Range(
                        "network " + n.name(),
                        n.cidr(),
                        "/networks/" + n.index() + "/cidr",
                        false)));
    p.docker()
        .ifPresent(
            d -> {
              out.add(
                  new Range(
                      d.bipGiven() ? "Docker's bip" : "Docker's default bridge (bip)",
                      d.bip(),
                      d.bipGiven() ? "/docker/bip" : "/docker",
                      true));
              for (int i = 0; i < d.pools().size(); i++) {
                out.add(
                    new Range(
                        d.poolsGiven() ? "Docker's address pool" : "Docker's default address pool",
                        d.pools().get(i),
                        d.poolsGiven() ? "/docker/defaultAddressPools/" + i : "/docker",
                        true));
              }
            });
    return out;
  }

  /** {@return the findings, in order: overlaps, capacity, segments, MTU, the underlay} */
  public static List<PlanFinding> of(Plan p) {
    List<PlanFinding> out = new ArrayList<>();
    overlaps(p, out);
    capacity(p, out);
    hostGw(p, out);
    mtu(p, out);
    if (p.cni().mode() == Plan.Mode.VXLAN) {
      out.add(
          new PlanFinding(
              PlanCode.UNDERLAY_PORT,
              Severity.INFO,
              "flannel's VXLAN sends UDP to port "
                  + p.cni().port()
                  + " between the nodes' addresses: every firewall or security group between them must let it through",
              List.of(ev(p, "/cni/port", "cni", "port " + p.cni().port())),
              List.of(
                  new Fix(
                      "allow UDP " + p.cni().port() + " between the nodes' addresses",
                      "without it no pod reaches a pod on another node"))));
    }
    if (p.cni().mode().ipip()) {
      ipip(p, out);
    }
    if (p.cni().mode().calicoVxlan()) {
      calicoVxlan(p, out);
    }
    return List.copyOf(out);
  }

  private static void overlaps(Plan p, List<PlanFinding> out) {
    List<Range> rs = ranges(p);
    for (int i = 0; i < rs.size(); i++) {
      for (int j = i + 1; j < rs.size(); j++) {
        Range a = rs.get(i);
        Range b = rs.get(j);
        if (a.docker() && b.docker() || !overlap(a.cidr(), b.cidr())) {
          continue;
        }
        List<Fix> fixes = new ArrayList<>();
        for (Range r : List.of(a, b)) {
          if (r.pointer().startsWith("/cluster/") || r.docker()) {
            free(r, rs)
                .ifPresent(
                    f ->
                        fixes.add(
                            new Fix(
                                key(r) + ": " + f,
                                "a free private range of the same size that no other range of the plan overlaps")));
          }
        }
        if (fixes.isEmpty()) {
          fixes.add(
              new Fix(
                  "move one of " + a.cidr() + " and " + b.cidr(),
                  "two ranges that overlap make their addresses ambiguous to every router that knows both"));
        }
        out.add(
            new PlanFinding(
                PlanCode.CIDR_OVERLAP,
                Severity.ERROR,
                a.what()
                    + " "
                    + a.cidr()
                    + " and "
                    + b.what()
                    + " "
                    + b.cidr()
                    + " overlap: "
                    + consequence(a, b),
                List.of(
                    ev(p, a.pointer(), a.what(), a.cidr().toString()),
                    ev(p, b.pointer(), b.what(), b.cidr().toString())),
                fixes));
      }
    }
  }

  private static String consequence(Range a, Range b) {
    if (a.pointer().equals("/cluster/podCidr") || b.pointer().equals("/cluster/podCidr")) {
      return "a node's route to the pod CIDR (or a pod's address) hides the other network's addresses, so pods cannot reach them, and their answers go to the wrong place";
    }
    return "their addresses are ambiguous to every node that routes to both";
  }

  /** {@code cluster.podCidr}: how the plan's key is written. */
  private static String key(Range r) {
    return r.pointer().substring(1).replace('/', '.');
  }

  /** {@return the first private range of the same length that overlaps none of the others} */
  private static Optional<Prefix> free(Range r, List<Range> all) {
    int len = r.cidr().length();
    for (Prefix space : PRIVATE) {
      if (space.length() > len) {
        continue;
      }
      long step = 1L << (32 - len);
      long start = space.network().unsigned();
      long end = start + (1L << (32 - space.length()));
      for (long a = start; a < end; a += step) {
        Prefix c = Prefix.of(new Ipv4Address((int) a), len);
        if (all.stream().filter(x -> x != r).noneMatch(x -> overlap(x.cidr(), c))) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  static boolean overlap(Prefix a, Prefix b) {
    return a.contains(b) || b.contains(a);
  }

  private static void capacity(Plan p, List<PlanFinding> out) {
    int fitNodes = nodesFit(p);
    int nodesNow = p.nodes().size();
    int nodesLater = p.growth().nodes().orElse(nodesNow);
    if (Math.max(nodesNow, nodesLater) > fitNodes) {
      out.add(
          new PlanFinding(
              PlanCode.NODE_CAPACITY,
              Severity.ERROR,
              p.podCidr()
                  + " holds "
                  + fitNodes
                  + " node subnets of /"
                  + p.nodeCidrMaskSize()
                  + "; the plan has "
                  + nodesNow
                  + " nodes"
                  + (nodesLater != nodesNow ? " and grows to " + nodesLater : "")
                  + ": the controller manager gives no pod CIDR to the others, and their pods get no address",
              List.of(
                  ev(p, "/cluster/podCidr", "cluster", "podCidr " + p.podCidr()),
                  ev(
                      p,
                      "/cluster/nodeCidrMaskSize",
                      "cluster",
                      "nodeCidrMaskSize " + p.nodeCidrMaskSize())),
              List.of(
                  new Fix(
                      "cluster.podCidr: a larger range, or "
                          + (p.cni().calico() ? "cni.blockSize: " : "cluster.nodeCidrMaskSize: ")
                          + Math.min(
                              30, p.podCidr().length() + ceilLog2(Math.max(nodesNow, nodesLater))),
                      p.cni().calico()
                          ? "Calico's IPAM gives each node at least one block"
                          : "one node subnet per node"))));
    }
    if (p.cni().calico()) {
      calicoPods(p, nodesLater, out);
    }
    int fitPods = p.cni().calico() ? Integer.MAX_VALUE : podsFit(p);
    if (p.growth().podsPerNode().isPresent() && p.growth().podsPerNode().getAsInt() > fitPods) {
      out.add(
          new PlanFinding(
              PlanCode.POD_CAPACITY,
              Severity.ERROR,
              "a /"
                  + p.nodeCidrMaskSize()
                  + " node subnet has "
                  + fitPods
                  + " pod addresses (its network address, the bridge's and the broadcast aside); the plan expects "
                  + p.growth().podsPerNode().getAsInt()
                  + " pods per node",
              List.of(
                  ev(
                      p,
                      "/cluster/nodeCidrMaskSize",
                      "cluster",
                      "nodeCidrMaskSize " + p.nodeCidrMaskSize()),
                  ev(
                      p,
                      "/growth/podsPerNode",
                      "growth",
                      "podsPerNode " + p.growth().podsPerNode().getAsInt())),
              List.of(
                  new Fix(
                      "cluster.nodeCidrMaskSize: "
                          + (32 - ceilLog2(p.growth().podsPerNode().getAsInt() + 3)),
                      "room for every pod of a node"))));
    }
    int fitServices = servicesFit(p);
    if (p.growth().services().isPresent() && p.growth().services().getAsInt() > fitServices) {
      out.add(
          new PlanFinding(
              PlanCode.SERVICE_CAPACITY,
              Severity.ERROR,
              p.serviceCidr()
                  + " has "
                  + fitServices
                  + " ClusterIPs; the plan expects "
                  + p.growth().services().getAsInt()
                  + " Services",
              List.of(
                  ev(p, "/cluster/serviceCidr", "cluster", "serviceCidr " + p.serviceCidr()),
                  ev(
                      p,
                      "/growth/services",
                      "growth",
                      "services " + p.growth().services().getAsInt())),
              List.of(
                  new Fix(
                      "cluster.serviceCidr: a /"
                          + (32 - ceilLog2(p.growth().services().getAsInt() + 2))
                          + " or larger",
                      "one ClusterIP per Service"))));
    }
  }

  /** {@return how many node subnets the pod CIDR has at the mask} */
  public static int nodesFit(Plan p) {
    return 1 << Math.min(30, p.nodeCidrMaskSize() - p.podCidr().length());
  }

  /**
   * {@return how many pods a node subnet has addresses for; with Calico, one block's addresses but
   * {@code tunl0}'s (Calico uses a block's every address, and a node claims another block when one
   * is full)}
   */
  public static int podsFit(Plan p) {
    return (1 << (32 - p.nodeCidrMaskSize())) - (p.cni().calico() ? 1 : 3);
  }

  /**
   * Calico: a node whose pods (and {@code tunl0}) outgrow a block claims another from the pool, so
   * the limit is the pool's blocks for every node's blocks at the stated growth.
   */
  private static void calicoPods(Plan p, int nodesLater, List<PlanFinding> out) {
    if (p.growth().podsPerNode().isEmpty()) {
      return;
    }
    int pods = p.growth().podsPerNode().getAsInt();
    int perBlock = 1 << (32 - p.nodeCidrMaskSize());
    int blocksPerNode = (pods + 1 + perBlock - 1) / perBlock;
    int nodes = Math.max(p.nodes().size(), nodesLater);
    long needed = (long) blocksPerNode * nodes;
    if (needed <= nodesFit(p)) {
      return;
    }
    out.add(
        new PlanFinding(
            PlanCode.POD_CAPACITY,
            Severity.ERROR,
            "a node with "
                + pods
                + " pods (and tunl0's address) needs "
                + blocksPerNode
                + " Calico block"
                + (blocksPerNode == 1 ? "" : "s")
                + " of /"
                + p.nodeCidrMaskSize()
                + " ("
                + perBlock
                + " addresses each); "
                + nodes
                + " nodes need "
                + needed
                + ", and "
                + p.podCidr()
                + " has "
                + nodesFit(p)
                + ": pods on the last nodes get no address",
            List.of(
                ev(p, "/cluster/podCidr", "cluster", "podCidr " + p.podCidr()),
                ev(p, "/cni/blockSize", "cni", "blockSize " + p.nodeCidrMaskSize()),
                ev(p, "/growth/podsPerNode", "growth", "podsPerNode " + pods)),
            List.of(
                new Fix(
                    "cluster.podCidr: a /"
                        + Math.max(
                            1, 32 - ceilLog2((int) Math.min(1 << 30, needed * (long) perBlock)))
                        + " or larger",
                    "a block for every node's pods at the stated growth"))));
  }

  /** {@return how many ClusterIPs the Service CIDR has} */
  public static int servicesFit(Plan p) {
    return (int) Math.min(Integer.MAX_VALUE, (1L << (32 - p.serviceCidr().length())) - 2);
  }

  private static int ceilLog2(int n) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
  }

  private static void hostGw(Plan p, List<PlanFinding> out) {
    List<String> segments = p.nodes().stream().map(Plan.Node::segment).distinct().toList();
    if (p.cni().mode() != Plan.Mode.HOST_GW || segments.size() < 2) {
      return;
    }
    List<Evidence> ev = new ArrayList<>();
    ev.add(ev(p, "/cni/mode", "cni", "mode host-gw"));
    for (Plan.Node n : p.nodes()) {
      ev.add(ev(p, "/nodes/" + n.index() + "/segment", n.name(), "segment " + n.segment()));
    }
    out.add(
        new PlanFinding(
            PlanCode.HOST_GW_ACROSS_SEGMENTS,
            Severity.ERROR,
            "flannel host-gw routes each node's pod subnet via that node's address, which must be on the same L2 segment; the nodes are on "
                + segments.size()
                + " segments "
                + segments,
            ev,
            List.of(
                new Fix("cni.mode: vxlan", "an overlay crosses the routers between segments"),
                new Fix("put every node on one segment", "host-gw then works as planned"))));
  }

  /** {@return the largest pod MTU every node's underlay carries with the overlay's overhead} */
  public static int podMtuToSet(Plan p) {
    int min = p.nodes().stream().mapToInt(Plan.Node::mtu).min().orElse(p.underlayMtu());
    return min - p.cni().overhead();
  }

  private static void mtu(Plan p, List<PlanFinding> out) {
    int set = podMtuToSet(p);
    Plan.Node smallest =
        p.nodes().stream().min((a, b) -> Integer.compare(a.mtu(), b.mtu())).orElseThrow();
    String pointer =
        p.where().containsKey("/nodes/" + smallest.index() + "/mtu")
            ? "/nodes/" + smallest.index() + "/mtu"
            : "/underlay/mtu";
    Evidence underlay =
        ev(
            p,
            pointer,
            pointer.startsWith("/nodes/") ? smallest.name() : "underlay",
            "MTU " + smallest.mtu());
    if (p.podMtu().isPresent() && p.podMtu().getAsInt() > set) {
      out.add(
          new PlanFinding(
              PlanCode.POD_MTU,
              Severity.ERROR,
              "the pods' MTU "
                  + p.podMtu().getAsInt()
                  + " is larger than the underlay's "
                  + smallest.mtu()
                  + " minus the "
                  + overheadName(p)
                  + ": full-size packets between nodes are dropped (or fragmented) on the way",
              List.of(
                  ev(p, "/cluster/podMtu", "cluster", "podMtu " + p.podMtu().getAsInt()), underlay),
              List.of(
                  new Fix(
                      "cluster.podMtu: " + set,
                      "the largest MTU the underlay carries with the encapsulation"))));
      return;
    }
    out.add(
        new PlanFinding(
            PlanCode.POD_MTU,
            Severity.INFO,
            "the pod MTU to set is "
                + set
                + ": the smallest underlay MTU ("
                + smallest.mtu()
                + ", "
                + smallest.name()
                + ")"
                + switch (p.cni().mode()) {
                  case VXLAN ->
                      " minus VXLAN's 50 bytes (outer IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14)";
                  case IPIP_ALWAYS, IPIP_CROSS_SUBNET ->
                      " minus IPIP's 20 bytes (the outer IPv4 header); tunl0 gets the same MTU";
                  case CALICO_VXLAN_ALWAYS, CALICO_VXLAN_CROSS_SUBNET ->
                      " minus VXLAN's 50 bytes (outer IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14);"
                          + " vxlan.calico gets the same MTU";
                  case HOST_GW -> "";
                },
            List.of(underlay),
            List.of(
                new Fix(
                    "cluster.podMtu: " + set,
                    p.cni().calico()
                        ? "Calico's veth_mtu (the operator's spec.calicoNetwork.mtu): the CNI plugin"
                            + " gives it to each pod's veth, felix to "
                            + (p.cni().mode().calicoVxlan() ? "vxlan.calico" : "tunl0")
                        : "flannel writes it as FLANNEL_MTU to subnet.env and the bridge plugin gives it to each pod"))));
  }

  private static String overheadName(Plan p) {
    return switch (p.cni().mode()) {
      case VXLAN, CALICO_VXLAN_ALWAYS, CALICO_VXLAN_CROSS_SUBNET -> "VXLAN overhead of 50";
      case IPIP_ALWAYS, IPIP_CROSS_SUBNET -> "IPIP overhead of 20";
      case HOST_GW -> "overhead of 0";
    };
  }

  /**
   * Calico's IPIP: IP protocol 4 between the nodes (all of them with {@code Always}, those on
   * different subnets with {@code CrossSubnet}) must pass the underlay; the built cluster assumes
   * it does.
   */
  private static void ipip(Plan p, List<PlanFinding> out) {
    List<String> segments = p.nodes().stream().map(Plan.Node::segment).distinct().toList();
    boolean cross = p.cni().mode() == Plan.Mode.IPIP_CROSS_SUBNET;
    Evidence mode = ev(p, "/cni/ipipMode", "cni", "ipipMode " + (cross ? "CrossSubnet" : "Always"));
    if (cross && segments.size() < 2) {
      out.add(
          new PlanFinding(
              PlanCode.UNDERLAY_PROTOCOL,
              Severity.INFO,
              "with ipipMode CrossSubnet and every node on one subnet ("
                  + p.nodes().get(0).subnet()
                  + "), Calico routes every node's block natively via the node's address: no"
                  + " packet is encapsulated, and IP protocol 4 need not pass (until a node on"
                  + " another subnet joins)",
              List.of(mode),
              List.of(
                  new Fix(
                      "allow IP protocol 4 between the subnets a later node joins from",
                      "that node's pods are reached through tunl0"))));
      return;
    }
    out.add(
        new PlanFinding(
            PlanCode.UNDERLAY_PROTOCOL,
            Severity.INFO,
            "Calico's IPIP sends IP protocol 4 (IP in IP, not TCP or UDP) between the nodes'"
                + " addresses"
                + (cross ? " on different subnets " + segments : "")
                + ": every firewall, security group and router ACL between them must let protocol"
                + " 4 through (the built cluster assumes it does: its router forwards every"
                + " protocol)",
            List.of(mode),
            List.of(
                new Fix(
                    "allow IP protocol 4 between the nodes' addresses"
                        + (cross ? " on different subnets" : ""),
                    "without it no pod reaches a pod on another node"
                        + (cross ? " of another subnet" : "")
                        + ": the encapsulated packets are dropped on the way"))));
  }

  /**
   * Calico's VXLAN: UDP to port 4789 between the nodes (all of them with {@code Always}, those on
   * different subnets with {@code CrossSubnet}) must pass the underlay; the built cluster assumes
   * it does.
   */
  private static void calicoVxlan(Plan p, List<PlanFinding> out) {
    List<String> segments = p.nodes().stream().map(Plan.Node::segment).distinct().toList();
    boolean cross = p.cni().mode() == Plan.Mode.CALICO_VXLAN_CROSS_SUBNET;
    int port = p.cni().port();
    Evidence mode =
        ev(p, "/cni/vxlanMode", "cni", "vxlanMode " + (cross ? "CrossSubnet" : "Always"));
    if (cross && segments.size() < 2) {
      out.add(
          new PlanFinding(
              PlanCode.UNDERLAY_PORT,
              Severity.INFO,
              "with vxlanMode CrossSubnet and every node on one subnet ("
                  + p.nodes().get(0).subnet()
                  + "), Calico routes every node's block natively via the node's address: no"
                  + " packet is encapsulated, and UDP "
                  + port
                  + " need not pass (until a node on another subnet joins)",
              List.of(mode),
              List.of(
                  new Fix(
                      "allow UDP " + port + " between the subnets a later node joins from",
                      "that node's pods are reached through vxlan.calico"))));
      return;
    }
    out.add(
        new PlanFinding(
            PlanCode.UNDERLAY_PORT,
            Severity.INFO,
            "Calico's VXLAN sends UDP to port "
                + port
                + " (VNI "
                + p.cni().vni()
                + ") between the nodes' addresses"
                + (cross ? " on different subnets " + segments : "")
                + ": every firewall, security group and router ACL between them must let it"
                + " through (the built cluster assumes it does: its router forwards every"
                + " protocol)",
            List.of(mode),
            List.of(
                new Fix(
                    "allow UDP "
                        + port
                        + " between the nodes' addresses"
                        + (cross ? " on different subnets" : ""),
                    "without it no pod reaches a pod on another node"
                        + (cross ? " of another subnet" : "")
                        + ": the encapsulated packets are dropped on the way"))));
  }

  private static Evidence ev(Plan p, String pointer, String where, String entry) {
    return Evidence.of(where, entry, p.where(pointer));
  }
}
