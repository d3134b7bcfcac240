package dev.podpath.trace.plan;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.trace.api.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The plan of a running cluster, derived from its snapshot ({@code podpath plan --from-snapshot}):
 * the pod CIDR (flannel's masquerade rules, kube-proxy's, a pod's route to it, kubectl's podCIDRs,
 * else the range covering the node subnets), the node mask and each node's pod subnet, the nodes
 * and their addresses (the dumped ones', and the ones the others route to), the segments (each
 * node's connected subnet), flannel's mode, VNI and port, the Service CIDR (the range covering the
 * ClusterIPs seen), the MTUs, Docker's bridge, and the other routes the nodes carry as networks
 * already there. It is written as a plan file ({@link #yaml}) whose comments name the dump line of
 * each value, and read back by {@link PlanReader}, so that the plan reviewed is the file the user
 * edits and re-runs; the review's evidence cites the dumps' lines.
 *
 * <pre>{@code
 * SnapshotPlan d = SnapshotPlan.of(Podpath.load(dir), "derived.yaml");
 * d.yaml();                          // cluster:\n  podCidr: 10.10.0.0/16   # worker1/...
 * PlanReview.of(d.plan(), script);   // the findings and the built cluster's matrix
 * }</pre>
 *
 * @param plan the plan, as read back from {@link #yaml}, each value cited by the dump it came from
 * @param yaml the plan file
 */
public record SnapshotPlan(Plan plan, String yaml) {

  /** kubeadm's and k3s's default Service CIDRs, taken when they hold every ClusterIP seen. */
  private static final List<Prefix> SERVICE_DEFAULTS =
      List.of(Prefix.parse("10.96.0.0/12"), Prefix.parse("10.43.0.0/16"));

  /** A value and where it was read (a dump's line), or why it is assumed. */
  private record Said<T>(T value, Optional<Origin> from, String because) {
    String comment() {
      return from.map(o -> cite(o) + " (" + because + ")").orElse(because);
    }
  }

  /** A node found: its namespace when dumped, its address, its pod subnet. */
  private record Found(
      String name,
      Optional<Netns> netns,
      IfAddress address,
      Prefix podSubnet,
      OptionalInt mtu,
      Origin addressFrom,
      Origin subnetFrom,
      String why) {}

  /**
   * {@return the plan of the cluster in {@code net}, its file cited as {@code name}}
   *
   * @throws PlanException when no pod subnet or pod CIDR is found (not a cluster's snapshot), or
   *     the cluster's CNI is not one a plan describes
   */
  public static SnapshotPlan of(Network net, String name) {
    List<Netns> all = List.copyOf(net.topology().netnsList());
    Optional<Snapshot> snap = net.snapshot();
    List<KubeNode> kubeNodes = snap.map(Snapshot::nodes).orElse(List.of());
    Optional<Said<Prefix>> podCidr = podCidrFromRules(all).or(() -> podCidrFromPods(all));
    if (podCidr.isEmpty()) {
      podCidr = podCidrFromKubectl(kubeNodes);
    }
    List<Found> nodes = nodes(all, kubeNodes, podCidr.map(Said::value));
    if (nodes.isEmpty()) {
      throw new PlanException(
          net.name()
              + ": no node with a pod subnet found (a bridge whose subnet another node routes to,"
              + " or is in the pod CIDR; a route to another node's pod subnet; kubectl's podCIDRs):"
              + " podpath plan --from-snapshot takes a cluster's snapshot");
    }
    Said<Prefix> cidr =
        podCidr.orElseGet(
            () ->
                new Said<>(
                    covering(nodes.stream().map(Found::podSubnet).toList()),
                    Optional.empty(),
                    "assumed: the smallest range holding every node's pod subnet; no dump shows"
                        + " the cluster CIDR"));
    List<Found> inCidr = nodes.stream().filter(f -> cidr.value().contains(f.podSubnet())).toList();
    int mask = mostCommon(inCidr.stream().map(f -> f.podSubnet().length()).toList());
    List<Found> planned = inCidr.stream().filter(f -> f.podSubnet().length() == mask).toList();
    if (planned.isEmpty()) {
      throw new PlanException(
          net.name() + ": no node's pod subnet is in the pod CIDR " + cidr.value());
    }
    Said<String> mode = mode(net.name(), all, planned, kubeNodes);
    Said<Prefix> services = serviceCidr(snap, all);
    return write(net, name, cidr, mask, mode, services, planned, all);
  }

  // ---------------------------------------------------------------- the pod CIDR

  /**
   * flannel's masquerade rules ({@code -s NODE_SUBNET -d CLUSTER_CIDR -j RETURN}, or {@code -s CIDR
   * -d CIDR} of older flannel), then kube-proxy's ({@code ! -s CLUSTER_CIDR ... -j
   * KUBE-MARK-MASQ}).
   */
  private static Optional<Said<Prefix>> podCidrFromRules(List<Netns> all) {
    for (Netns ns : all) {
      for (Rule r : ns.netfilter().rules()) {
        Optional<Prefix> s = prefix(r, Match.Source.class, false);
        Optional<Prefix> d = prefix(r, Match.Destination.class, false);
        if (r.target() instanceof Target.Return
            && s.isPresent()
            && d.isPresent()
            && d.get().contains(s.get())
            && r.text().contains("flannel")) {
          return Optional.of(new Said<>(d.get(), Optional.of(r.origin()), "flannel's masquerade"));
        }
      }
    }
    for (Netns ns : all) {
      for (Rule r : ns.netfilter().rules()) {
        Optional<Prefix> s = prefix(r, Match.Source.class, true);
        if (r.target() instanceof Target.Jump j
            && j.chain().equals("KUBE-MARK-MASQ")
            && s.isPresent()) {
          return Optional.of(
              new Said<>(s.get(), Optional.of(r.origin()), "kube-proxy's --cluster-cidr"));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Prefix> prefix(Rule r, Class<? extends Match> kind, boolean negated) {
    for (Match m : r.matches()) {
      if (kind == Match.Source.class && m instanceof Match.Source s && s.negated() == negated) {
        return Optional.of(s.prefix());
      }
      if (kind == Match.Destination.class
          && m instanceof Match.Destination d
          && d.negated() == negated) {
        return Optional.of(d.prefix());
      }
    }
    return Optional.empty();
  }

  /**
   * A pod's route to the cluster CIDR via its gateway (the bridge plugin's, flannel's {@code
   * 10.244.0.0/16 via 10.244.1.1}): a namespace without a bridge whose own address is in a route
   * via a gateway of its subnet that is shorter than its subnet and not the default.
   */
  private static Optional<Said<Prefix>> podCidrFromPods(List<Netns> all) {
    for (Netns ns : all) {
      if (ns.deviceList().stream().anyMatch(NetDevice::isBridge)) {
        continue;
      }
      for (Route r : ns.routing().table(TableIds.MAIN).routes()) {
        Optional<NextHop> hop = r.firstHop();
        if (r.type() != RouteType.UNICAST
            || r.destination().isDefault()
            || hop.isEmpty()
            || hop.get().via().isEmpty()) {
          continue;
        }
        for (IfAddress a : addresses(ns, hop.get().dev())) {
          if (r.destination().contains(a.address())
              && r.destination().length() < a.prefixLength()
              && a.connectedPrefix().contains(hop.get().via().get())) {
            return Optional.of(
                new Said<>(r.destination(), Optional.of(r.origin()), "a pod's route to the pods"));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Said<Prefix>> podCidrFromKubectl(List<KubeNode> kubeNodes) {
    List<Prefix> cidrs = kubeNodes.stream().flatMap(k -> k.podCidrs().stream()).toList();
    if (cidrs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Said<>(
            covering(cidrs),
            Optional.of(kubeNodes.get(0).origin()),
            "assumed: the smallest range holding kubectl's podCIDRs"));
  }

  // ---------------------------------------------------------------- the nodes

  private static List<Found> nodes(
      List<Netns> all, List<KubeNode> kubeNodes, Optional<Prefix> podCidr) {
    Map<Prefix, List<Route>> routed = routedPrefixes(all);
    Map<Prefix, Found> out = new LinkedHashMap<>();
    for (Netns ns : all) {
      for (NetDevice b : ns.deviceList()) {
        if (!b.isBridge() || b.name().equals("docker0")) {
          continue;
        }
        for (IfAddress a : b.addresses()) {
          Prefix p = a.connectedPrefix();
          boolean pods =
              podCidr.map(c -> c.contains(p) && !c.equals(p)).orElse(false)
                  || routed.getOrDefault(p, List.of()).stream()
                      .anyMatch(r -> !ownRoute(ns, r, all));
          if (!pods || a.prefixLength() >= 31 || out.containsKey(p)) {
            continue;
          }
          Optional<Rule> masq = flannelOwnSubnet(ns, a.address());
          Prefix own = masq.flatMap(r -> prefix(r, Match.Source.class, false)).orElse(p);
          Origin ownFrom = masq.map(Rule::origin).orElse(a.origin());
          String why = masq.isPresent() ? "flannel's masquerade of its pods" : "its " + b.name();
          underlay(ns, podCidr, kubeNodes)
              .ifPresent(
                  u ->
                      out.put(
                          own,
                          new Found(
                              kubeName(kubeNodes, u.address()).orElse(ns.name().toString()),
                              Optional.of(ns),
                              u,
                              own,
                              mtuOf(ns, u),
                              u.origin(),
                              ownFrom,
                              why)));
        }
      }
    }
    // the nodes not dumped: the ones others route a pod subnet to
    for (Netns ns : all) {
      for (Route r : ns.routing().table(TableIds.MAIN).routes()) {
        Prefix p = r.destination();
        if (out.containsKey(p)
            || r.type() != RouteType.UNICAST
            || podCidr.map(c -> !c.contains(p) || c.equals(p)).orElse(!routed.containsKey(p))
            || p.length() >= 31) {
          continue;
        }
        gatewayNode(ns, r)
            .ifPresent(
                g ->
                    out.put(
                        p,
                        new Found(
                            kubeName(kubeNodes, g.address()).orElse("node-" + out.size()),
                            Optional.empty(),
                            g,
                            p,
                            OptionalInt.empty(),
                            r.origin(),
                            r.origin(),
                            "routed to it by " + ns.name())));
      }
    }
    for (KubeNode k : kubeNodes) {
      for (Prefix p : k.podCidrs()) {
        if (out.containsKey(p) || k.internalIp().isEmpty()) {
          continue;
        }
        Ipv4Address ip = k.internalIp().get();
        int len =
            out.values().stream()
                .map(Found::address)
                .filter(a -> a.connectedPrefix().contains(ip))
                .mapToInt(IfAddress::prefixLength)
                .findFirst()
                .orElse(24);
        out.put(
            p,
            new Found(
                k.name(),
                Optional.empty(),
                address(ip, len, k.origin()),
                p,
                OptionalInt.empty(),
                k.origin(),
                k.origin(),
                "kubectl's podCIDR"));
      }
    }
    List<Found> list = new ArrayList<>(out.values());
    list.sort(Comparator.comparing(Found::podSubnet));
    return list;
  }

  /**
   * flannel's {@code -s NODE_SUBNET -d CLUSTER_CIDR -j RETURN} in the node's own rules, whose
   * source holds its bridge's address: the subnet flannel leased to the node (a dumped rule says it
   * better than a bridge built from an assumption).
   */
  private static Optional<Rule> flannelOwnSubnet(Netns ns, Ipv4Address bridge) {
    for (Rule r : ns.netfilter().rules()) {
      Optional<Prefix> s = prefix(r, Match.Source.class, false);
      Optional<Prefix> d = prefix(r, Match.Destination.class, false);
      if (r.target() instanceof Target.Return
          && s.isPresent()
          && d.isPresent()
          && !s.get().equals(d.get())
          && d.get().contains(s.get())
          && s.get().contains(bridge)
          && r.text().contains("flannel")) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether a route to a bridge's prefix is the namespace's own (or one of its pods'). */
  private static boolean ownRoute(Netns ns, Route r, List<Netns> all) {
    return all.stream()
        .filter(z -> z.routing().allRoutes().contains(r))
        .anyMatch(z -> z == ns || z.deviceList().stream().noneMatch(NetDevice::isBridge));
  }

  /** Every prefix a namespace routes via a gateway or onlink into a tunnel. */
  private static Map<Prefix, List<Route>> routedPrefixes(List<Netns> all) {
    Map<Prefix, List<Route>> out = new HashMap<>();
    for (Netns z : all) {
      for (Route r : z.routing().table(TableIds.MAIN).routes()) {
        if (r.type() == RouteType.UNICAST
            && !r.destination().isDefault()
            && r.firstHop().flatMap(NextHop::via).isPresent()) {
          out.computeIfAbsent(r.destination(), x -> new ArrayList<>()).add(r);
        }
      }
    }
    return out;
  }

  /**
   * The node a route to a pod subnet names: its gateway when on the namespace's link (host-gw), or
   * the FDB entry's {@code dst} of the gateway's neighbour entry on a VXLAN device (flannel's
   * vxlan: {@code via VTEP dev flannel.1 onlink}, {@code neigh VTEP lladdr M}, {@code fdb M dst
   * NODE}); the length of the namespace's connected subnet holding it.
   */
  private static Optional<IfAddress> gatewayNode(Netns ns, Route r) {
    Optional<NextHop> hop = r.firstHop();
    if (hop.isEmpty() || hop.get().via().isEmpty()) {
      return Optional.empty();
    }
    Ipv4Address via = hop.get().via().get();
    Optional<NetDevice> dev = ns.device(hop.get().dev());
    if (dev.isPresent() && dev.get().kind() instanceof LinkKind.Vxlan) {
      for (NeighEntry n : ns.neighbours()) {
        if (n.address().equals(via) && n.dev().equals(hop.get().dev()) && n.lladdr().isPresent()) {
          for (FdbEntry f : ns.fdb()) {
            if (f.mac().equals(n.lladdr().get())
                && f.dev().equals(hop.get().dev())
                && f.dst().isPresent()) {
              return onLink(ns, f.dst().get(), r.origin());
            }
          }
        }
      }
      return Optional.empty();
    }
    return onLink(ns, via, r.origin());
  }

  private static Optional<IfAddress> onLink(Netns ns, Ipv4Address ip, Origin from) {
    for (NetDevice d : ns.deviceList()) {
      if (d.isBridge() || d.isLoopback()) {
        continue;
      }
      for (IfAddress a : d.addresses()) {
        if (a.connectedPrefix().contains(ip) && !a.address().equals(ip)) {
          return Optional.of(address(ip, a.prefixLength(), from));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A dumped node's own address on the underlay: its VXLAN device's {@code local}, kubectl's
   * INTERNAL-IP, the address of the device its default route leaves by, else of its only other
   * device with a global address.
   */
  private static Optional<IfAddress> underlay(
      Netns ns, Optional<Prefix> podCidr, List<KubeNode> kubeNodes) {
    List<Ipv4Address> wanted = new ArrayList<>();
    for (NetDevice d : ns.deviceList()) {
      if (d.kind() instanceof LinkKind.Vxlan v && v.local().isPresent()) {
        wanted.add(v.local().get());
      }
    }
    kubeNodes.stream()
        .filter(k -> k.name().equals(ns.name().toString()))
        .forEach(k -> k.internalIp().ifPresent(wanted::add));
    for (Ipv4Address w : wanted) {
      for (NetDevice d : ns.deviceList()) {
        for (IfAddress a : d.addresses()) {
          if (a.address().equals(w)) {
            return Optional.of(a);
          }
        }
      }
    }
    for (Route r : ns.routing().table(TableIds.MAIN).routes()) {
      if (r.destination().isDefault() && r.firstHop().isPresent()) {
        List<IfAddress> on = addresses(ns, r.firstHop().get().dev());
        if (!on.isEmpty()) {
          return Optional.of(on.get(0));
        }
      }
    }
    List<IfAddress> others = new ArrayList<>();
    for (NetDevice d : ns.deviceList()) {
      if (d.isBridge()
          || d.isLoopback()
          || d.kind() instanceof LinkKind.Vxlan
          || d.kind() instanceof LinkKind.Tun) {
        continue;
      }
      for (IfAddress a : d.addresses()) {
        if (podCidr.map(c -> !c.contains(a.address())).orElse(true)
            && !a.address().isLoopback()
            && a.prefixLength() <= 30) {
          others.add(a);
        }
      }
    }
    return others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty();
  }

  private static List<IfAddress> addresses(Netns ns, String dev) {
    return ns.device(dev).map(NetDevice::addresses).orElse(List.of());
  }

  private static OptionalInt mtuOf(Netns ns, IfAddress a) {
    for (NetDevice d : ns.deviceList()) {
      if (d.addresses().contains(a) && mtuDumped(d)) {
        return OptionalInt.of(d.mtu());
      }
    }
    return OptionalInt.empty();
  }

  /** Whether a device's MTU was read (a link dump, ifconfig, a script), not assumed. */
  private static boolean mtuDumped(NetDevice d) {
    String f = d.origin().file();
    return f.endsWith("ip-link.json")
        || f.endsWith("ip-link.txt")
        || f.endsWith("ifconfig.txt")
        || f.endsWith(".sh");
  }

  private static Optional<String> kubeName(List<KubeNode> kubeNodes, Ipv4Address ip) {
    return kubeNodes.stream()
        .filter(k -> k.internalIp().filter(ip::equals).isPresent())
        .map(KubeNode::name)
        .findFirst();
  }

  private static IfAddress address(Ipv4Address ip, int len, Origin from) {
    return new IfAddress(
        ip,
        len,
        Optional.empty(),
        Optional.empty(),
        dev.podpath.model.route.RouteScope.GLOBAL,
        from);
  }

  // ---------------------------------------------------------------- the CNI, the Services

  private static Said<String> mode(
      String snapshot, List<Netns> all, List<Found> nodes, List<KubeNode> kubeNodes) {
    for (Netns ns : all) {
      for (Route r : ns.routing().table(TableIds.MAIN).routes()) {
        Optional<NextHop> hop = r.firstHop();
        boolean throughIpip =
            hop.flatMap(NextHop::via).isPresent()
                && ns.device(hop.get().dev())
                    .filter(d -> d.kind() instanceof LinkKind.Ipip)
                    .isPresent();
        if (throughIpip && nodes.stream().anyMatch(f -> f.podSubnet().equals(r.destination()))) {
          throw new PlanException(
              snapshot
                  + ": "
                  + r.origin().location()
                  + ": "
                  + ns.name()
                  + " routes a pod subnet through the IPIP device "
                  + hop.get().dev()
                  + " (Calico's IPIP): podpath plan --from-snapshot derives flannel clusters only"
                  + " (not modelled: a Calico plan from a snapshot); write the plan with cni.plugin"
                  + " calico (docs/plan.md, \"Calico IPIP\")");
        }
      }
    }
    for (Found f : nodes) {
      for (NetDevice d : f.netns().map(Netns::deviceList).orElse(List.of())) {
        if (d.kind() instanceof LinkKind.Vxlan v) {
          return new Said<>(
              "vxlan " + v.vni() + " " + v.dstPort(),
              Optional.of(d.origin()),
              "the VXLAN device " + d.name() + " of " + f.name());
        }
        if (d.kind() instanceof LinkKind.Tun t && t.flanneld().isPresent()) {
          throw new PlanException(
              snapshot
                  + ": "
                  + d.origin().location()
                  + ": "
                  + f.name()
                  + " runs flannel's udp backend ("
                  + d.name()
                  + "): a plan describes vxlan and host-gw only (not modelled: flannel udp in a"
                  + " plan)");
        }
      }
    }
    for (Found f : nodes) {
      if (f.netns().isEmpty() && !f.why().equals("kubectl's podCIDR")) {
        return new Said<>(
            "host-gw", Optional.of(f.subnetFrom()), "a node's pod subnet routed via its address");
      }
    }
    for (KubeNode k : kubeNodes) {
      String b = k.annotations().get(KubeNode.FLANNEL_BACKEND_TYPE);
      if (b != null && (b.equals("vxlan") || b.equals("host-gw"))) {
        return new Said<>(b + " 1 8472", Optional.of(k.origin()), "flannel's backend-type");
      }
    }
    for (Netns ns : all) {
      for (Route r : ns.routing().table(TableIds.MAIN).routes()) {
        Optional<NextHop> hop = r.firstHop();
        boolean viaNode =
            hop.flatMap(NextHop::via).isPresent()
                && ns.device(hop.get().dev())
                    .map(
                        d ->
                            d.kind() instanceof LinkKind.Ethernet
                                || d.kind() instanceof LinkKind.Veth)
                    .orElse(false);
        if (viaNode
            && nodes.stream()
                .anyMatch(
                    f ->
                        f.podSubnet().equals(r.destination())
                            && f.netns().filter(n -> n == ns).isEmpty())) {
          return new Said<>(
              "host-gw", Optional.of(r.origin()), "a node's pod subnet routed via its address");
        }
      }
    }
    return new Said<>(
        "vxlan 1 8472",
        Optional.empty(),
        "assumed: flannel's default backend (no dump shows another node's route, a VXLAN device"
            + " or the backend-type annotation)");
  }

  private static Said<Prefix> serviceCidr(Optional<Snapshot> snap, List<Netns> all) {
    List<Ipv4Address> ips = new ArrayList<>();
    Optional<Origin> from = Optional.empty();
    for (KubeService s : snap.map(Snapshot::services).orElse(List.of())) {
      if (s.clusterIp().isPresent() && !s.headless()) {
        ips.add(s.clusterIp().get());
        from = from.or(() -> Optional.of(s.origin()));
      }
    }
    String said = "the Services kubectl lists";
    if (ips.isEmpty()) {
      said = "kube-proxy's rules to the Services";
      for (Netns ns : all) {
        for (Rule r : ns.netfilter().rules()) {
          Optional<Prefix> d = prefix(r, Match.Destination.class, false);
          if (r.target() instanceof Target.Jump j
              && j.chain().startsWith("KUBE-SVC-")
              && d.isPresent()
              && d.get().length() == 32) {
            ips.add(d.get().network());
            from = from.or(() -> Optional.of(r.origin()));
          }
        }
      }
    }
    if (ips.isEmpty()) {
      return new Said<>(
          SERVICE_DEFAULTS.get(0), Optional.empty(), "assumed: kubeadm's default; no Service seen");
    }
    for (Prefix d : SERVICE_DEFAULTS) {
      if (ips.stream().allMatch(d::contains)) {
        return new Said<>(
            d,
            from,
            "every ClusterIP of "
                + said
                + " ("
                + ips.size()
                + ") is in this default Service CIDR; the real one may be larger");
      }
    }
    Prefix c = covering(ips.stream().map(ip -> Prefix.of(ip, 32)).toList());
    if (c.length() > 24) {
      c = Prefix.of(c.network(), 24);
    }
    return new Said<>(
        c,
        from,
        "the smallest range (at most /24) holding every ClusterIP of "
            + said
            + " ("
            + ips.size()
            + "); the real one may be larger");
  }

  // ---------------------------------------------------------------- the file

  private static SnapshotPlan write(
      Network net,
      String name,
      Said<Prefix> cidr,
      int mask,
      Said<String> mode,
      Said<Prefix> services,
      List<Found> nodes,
      List<Netns> all) {
    Map<String, Origin> cited = new HashMap<>();
    StringBuilder y = new StringBuilder();
    y.append("# The plan of the running cluster in ")
        .append(net.name())
        .append(", derived by\n# podpath plan --from-snapshot: edit it, then podpath plan FILE.")
        .append("\n# Each value's comment names the dump line it was read from, or says it is")
        .append(" assumed.\n");
    y.append("cluster:\n");
    kv(y, 2, "podCidr", cidr.value().toString(), cidr.comment());
    cidr.from().ifPresent(o -> cited.put("/cluster/podCidr", o));
    Found first = nodes.get(0);
    kv(
        y,
        2,
        "nodeCidrMaskSize",
        String.valueOf(mask),
        "the pod subnets' length: " + first.name() + "'s " + first.podSubnet());
    cited.put("/cluster/nodeCidrMaskSize", first.subnetFrom());
    kv(y, 2, "serviceCidr", services.value().toString(), services.comment());
    services.from().ifPresent(o -> cited.put("/cluster/serviceCidr", o));
    Optional<Said<Integer>> podMtu = podMtu(nodes, all, cidr.value());
    podMtu.ifPresent(
        m -> {
          kv(y, 2, "podMtu", String.valueOf(m.value()), m.comment());
          m.from().ifPresent(o -> cited.put("/cluster/podMtu", o));
        });
    String[] m = mode.value().split(" ");
    y.append("cni:\n");
    kv(y, 2, "plugin", "flannel", "");
    kv(y, 2, "mode", m[0], mode.comment());
    mode.from().ifPresent(o -> cited.put("/cni/mode", o));
    if (m[0].equals("vxlan")) {
      kv(y, 2, "vni", m[1], "");
      kv(y, 2, "port", m[2], "");
      mode.from().ifPresent(o -> cited.put("/cni/port", o));
    }
    int underlay =
        mostCommon(
            nodes.stream()
                .map(Found::mtu)
                .filter(OptionalInt::isPresent)
                .map(OptionalInt::getAsInt)
                .toList(),
            1500);
    y.append("underlay:\n");
    kv(
        y,
        2,
        "mtu",
        String.valueOf(underlay),
        nodes.stream().anyMatch(f -> f.mtu().isPresent())
            ? "the nodes' NICs"
            : "assumed: no node's NIC MTU was dumped");
    y.append("nodes:\n");
    Map<Prefix, String> segments = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Found f = nodes.get(i);
      Prefix seg = f.address().connectedPrefix();
      segments.putIfAbsent(seg, seg.network() + "-" + seg.length());
      String at = "/nodes/" + i;
      y.append("  - name: ")
          .append(nodeName(f, i))
          .append(
              comment(
                  f.name().equals(nodeName(f, i))
                      ? ""
                      : "kubectl's "
                          + f.name()
                          + " (a plan's node name is at most 15 characters)"));
      kv(
          y,
          4,
          "address",
          f.address().address() + "/" + f.address().prefixLength(),
          cite(f.addressFrom()) + (f.netns().isPresent() ? "" : " (" + f.why() + ")"));
      cited.put(at + "/address", f.addressFrom());
      kv(y, 4, "segment", segments.get(seg), "its subnet " + seg);
      if (f.mtu().isPresent() && f.mtu().getAsInt() != underlay) {
        kv(y, 4, "mtu", String.valueOf(f.mtu().getAsInt()), "");
      }
      kv(y, 4, "podSubnet", f.podSubnet().toString(), cite(f.subnetFrom()) + " (" + f.why() + ")");
      cited.put(at + "/podSubnet", f.subnetFrom());
    }
    List<Said<Prefix>> networks = networks(nodes, cidr.value(), services.value(), segments);
    if (!networks.isEmpty()) {
      y.append("networks:\n");
      for (int i = 0; i < networks.size(); i++) {
        Said<Prefix> w = networks.get(i);
        y.append("  - name: route").append(i + 1).append('\n');
        kv(y, 4, "cidr", w.value().toString(), w.comment());
        int k = i;
        w.from().ifPresent(o -> cited.put("/networks/" + k + "/cidr", o));
      }
    }
    docker(nodes)
        .ifPresent(
            d -> {
              y.append("docker:\n");
              kv(y, 2, "bip", d.value(), d.comment());
              d.from().ifPresent(o -> cited.put("/docker/bip", o));
              kv(
                  y,
                  2,
                  "defaultAddressPools",
                  "[]",
                  "daemon.json's pools are not in the dumps: list them to check them");
            });
    long pods =
        net.snapshot()
            .map(s -> s.pods().stream().filter(p -> p.hostNetwork().orElse(false) == false).count())
            .orElse(0L);
    long svcs = net.snapshot().map(s -> (long) s.services().size()).orElse(0L);
    y.append("# growth: {nodes: N, podsPerNode: N, services: N}   # today: ")
        .append(nodes.size())
        .append(nodes.size() == 1 ? " node" : " nodes")
        .append(pods > 0 ? ", " + pods + " pods kubectl lists" : "")
        .append(svcs > 0 ? ", " + svcs + " Services" : "")
        .append('\n');
    Plan read = PlanReader.parse(name, y.toString());
    Map<String, Origin> where = new HashMap<>(read.where());
    cited.forEach((k, v) -> where.computeIfPresent(k, (x, old) -> v));
    Plan plan =
        new Plan(
            read.file(),
            read.podCidr(),
            read.nodeCidrMaskSize(),
            read.serviceCidr(),
            read.dnsServiceIp(),
            read.cni(),
            read.underlayMtu(),
            read.podMtu(),
            read.nodes(),
            read.networks(),
            read.docker(),
            read.growth(),
            read.podsPerNode(),
            where);
    return new SnapshotPlan(plan, y.toString());
  }

  private static String nodeName(Found f, int i) {
    return f.name().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}") ? f.name() : "node" + i;
  }

  /** The pods' MTU: the smallest of the nodes' pod bridges (a bridge's follows its ports). */
  private static Optional<Said<Integer>> podMtu(List<Found> nodes, List<Netns> all, Prefix cidr) {
    Optional<Said<Integer>> out = Optional.empty();
    for (Found f : nodes) {
      for (NetDevice d : f.netns().map(Netns::deviceList).orElse(List.of())) {
        if (d.isBridge()
            && mtuDumped(d)
            && d.addresses().stream().anyMatch(a -> f.podSubnet().contains(a.address()))
            && (out.isEmpty() || d.mtu() < out.get().value())) {
          out =
              Optional.of(
                  new Said<>(
                      d.mtu(),
                      Optional.of(d.origin()),
                      f.name() + "'s " + d.name() + ", which its pods' veths set"));
        }
      }
    }
    for (Netns ns : all) {
      if (ns.deviceList().stream().anyMatch(NetDevice::isBridge)) {
        continue;
      }
      for (NetDevice d : ns.deviceList()) {
        if (mtuDumped(d)
            && d.kind() instanceof LinkKind.Veth
            && d.addresses().stream().anyMatch(a -> cidr.contains(a.address()))
            && (out.isEmpty() || d.mtu() < out.get().value())) {
          out =
              Optional.of(
                  new Said<>(
                      d.mtu(), Optional.of(d.origin()), "pod " + ns.name() + "'s " + d.name()));
        }
      }
    }
    return out;
  }

  /**
   * The routes the nodes carry to elsewhere: not the default, not the pod or Service CIDR's, not a
   * segment's, not Docker's or a tunnel's.
   */
  private static List<Said<Prefix>> networks(
      List<Found> nodes, Prefix cidr, Prefix services, Map<Prefix, String> segments) {
    Map<Prefix, Said<Prefix>> out = new LinkedHashMap<>();
    for (Found f : nodes) {
      if (f.netns().isEmpty()) {
        continue;
      }
      Netns ns = f.netns().get();
      for (Route r : ns.routing().table(TableIds.MAIN).routes()) {
        Prefix p = r.destination();
        Optional<NetDevice> dev = r.dev().flatMap(ns::device);
        if (r.type() != RouteType.UNICAST
            || p.isDefault()
            || p.length() >= 31
            || p.network().isLoopback()
            || p.network().isMulticast()
            || Prefix.parse("169.254.0.0/16").contains(p)
            || cidr.contains(p)
            || p.contains(cidr)
            || services.contains(p)
            || segments.containsKey(p)
            || dev.map(
                    d ->
                        d.isBridge()
                            || !(d.kind() instanceof LinkKind.Ethernet
                                || d.kind() instanceof LinkKind.Veth))
                .orElse(true)
            || out.containsKey(p)) {
          continue;
        }
        out.put(p, new Said<>(p, Optional.of(r.origin()), "a route " + f.name() + " carries"));
      }
    }
    return List.copyOf(out.values());
  }

  private static Optional<Said<String>> docker(List<Found> nodes) {
    for (Found f : nodes) {
      Optional<NetDevice> d = f.netns().flatMap(ns -> ns.device("docker0"));
      if (d.isPresent() && !d.get().addresses().isEmpty()) {
        IfAddress a = d.get().addresses().get(0);
        return Optional.of(
            new Said<>(
                a.address() + "/" + a.prefixLength(),
                Optional.of(a.origin()),
                f.name() + "'s docker0"));
      }
    }
    return Optional.empty();
  }

  /** {@return a dump line as a comment cites it: its place, and its text when short} */
  private static String cite(Origin o) {
    String t = o.text().strip().replaceAll("\\s+", " ");
    return t.isEmpty() || t.length() > 90 || t.startsWith("{")
        ? o.location()
        : o.location() + ": " + t;
  }

  private static void kv(StringBuilder y, int indent, String key, String value, String comment) {
    y.append(" ".repeat(indent)).append(key).append(": ").append(value).append(comment(comment));
  }

  private static String comment(String c) {
    return c.isEmpty() ? "\n" : "   # " + c.replace('\n', ' ') + "\n";
  }

  // ---------------------------------------------------------------- ranges

  /** {@return the smallest prefix holding every one of {@code prefixes}} */
  static Prefix covering(List<Prefix> prefixes) {
    long lo = prefixes.stream().mapToLong(p -> p.network().unsigned()).min().orElse(0);
    long hi = prefixes.stream().mapToLong(p -> p.broadcast().unsigned()).max().orElse(0);
    int len = 32;
    while (len > 0 && (lo >> (32 - len)) != (hi >> (32 - len))) {
      len--;
    }
    return Prefix.of(new Ipv4Address((int) lo), len);
  }

  private static int mostCommon(List<Integer> values) {
    return mostCommon(values, values.isEmpty() ? 24 : values.get(0));
  }

  private static int mostCommon(List<Integer> values, int dflt) {
    Map<Integer, Integer> n = new HashMap<>();
    values.forEach(v -> n.merge(v, 1, Integer::sum));
    return n.entrySet().stream()
        .max(
            Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .orElse(dflt);
  }
}
