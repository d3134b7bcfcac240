package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Joins the nodes' interfaces that share a subnet (or that {@code underlay.txt} puts together) by
 * one L2 segment, modelled as the scenario samples model a switch: a bridge {@code br0} in a
 * namespace of its own, one veth port per interface, and a port {@code outside} standing for the
 * hosts known to be there but not dumped. An interface alone on its subnet leads out of the model.
 * Package-private.
 */
final class Segments {

  private final Map<String, List<NetnsDraft>> nodes;
  private final AddressOwners owners;
  private final List<KubeNode> kubeNodes;
  private final Underlay underlay;
  private final List<Assumption> assumptions;
  private final boolean edgeRoutes;

  /** {@code --edge=routes}: the router standing for every gateway no dump holds, once made. */
  private NetnsDraft edge;

  /** The router's interface on each segment, with the segment's members. */
  private final List<EdgeLeg> legs = new ArrayList<>();

  private record EdgeLeg(DeviceDraft device, Prefix subnet, List<Object[]> members) {}

  private final LoadWork work;

  /** kubectl's nodes by InternalIP (as an unsigned number), each with its place in the list. */
  private final TreeMap<Long, List<Integer>> kubeNodesByIp = new TreeMap<>();

  /** The kubectl nodes' InternalIPs, to tell a gateway that is one of them. */
  private final Set<Ipv4Address> kubeNodeIps = new HashSet<>();

  Segments(
      Map<String, List<NetnsDraft>> nodes,
      AddressOwners owners,
      List<KubeNode> kubeNodes,
      Underlay underlay,
      List<Assumption> assumptions,
      boolean edgeRoutes,
      LoadWork work) {
    this.nodes = nodes;
    this.owners = owners;
    this.kubeNodes = kubeNodes;
    this.underlay = underlay;
    this.assumptions = assumptions;
    this.edgeRoutes = edgeRoutes;
    this.work = work;
    for (int i = 0; i < kubeNodes.size(); i++) {
      int at = i;
      kubeNodes
          .get(i)
          .internalIp()
          .ifPresent(
              ip -> {
                kubeNodesByIp
                    .computeIfAbsent(Integer.toUnsignedLong(ip.bits()), k -> new ArrayList<>())
                    .add(at);
                kubeNodeIps.add(ip);
              });
    }
  }

  private Optional<NetnsDraft> owner(Ipv4Address ip) {
    return owners.owner(ip);
  }

  /** kubectl's nodes whose InternalIP is in {@code p}, in kubectl's order. */
  private List<KubeNode> kubeNodesIn(Prefix p) {
    List<Integer> at = new ArrayList<>();
    kubeNodesByIp
        .subMap(
            Integer.toUnsignedLong(p.network().bits()),
            true,
            Integer.toUnsignedLong(p.broadcast().bits()),
            true)
        .values()
        .forEach(at::addAll);
    work.count(1 + at.size());
    return at.stream().sorted().map(kubeNodes::get).toList();
  }

  /**
   * Nodes' NICs that share a subnet are joined by one L2 segment; the others lead out of the model.
   */
  List<NetnsBuilder> build() {
    Map<String, List<Object[]>> groups = new LinkedHashMap<>();
    Map<String, Prefix> prefixOf = new LinkedHashMap<>();
    for (List<NetnsDraft> node : nodes.values()) {
      NetnsDraft host = node.get(0);
      for (DeviceDraft d : host.devices.values()) {
        if (d.isLoopback()
            || d.peer.isPresent()
            || d.beyond.isPresent()
            || d.isBridge()
            || d.master.isPresent()
            || !d.type.isEmpty()) {
          continue;
        }
        if (!d.up) {
          d.beyond =
              Optional.of(
                  "nothing behind " + host.node + "/" + d.name + " was dumped (and it is down)");
          continue;
        }
        Optional<IfAddress> a =
            d.addresses.stream()
                .filter(x -> !x.address().isLoopback() && x.prefixLength() < 32)
                .findFirst();
        String member = host.node + "/" + d.name;
        String key;
        if (underlay.alone().contains(member)) {
          d.beyond =
              Optional.of("what is behind " + member + " was not dumped (underlay.txt: alone)");
          continue;
        }
        Optional<String> seg =
            underlay.segments().entrySet().stream()
                .filter(e -> e.getValue().contains(member))
                .map(Map.Entry::getKey)
                .findFirst();
        if (seg.isPresent()) {
          key = seg.get();
        } else if (a.isPresent()) {
          key = "segment-" + a.get().connectedPrefix().toRouteString().replace('/', '_');
        } else {
          d.beyond = Optional.of("nothing behind " + member + " was dumped");
          continue;
        }
        a.ifPresent(x -> prefixOf.putIfAbsent(key, x.connectedPrefix()));
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {host, d});
      }
    }
    Map<String, List<Ipv4Address>> gateways = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object[]>> g : groups.entrySet()) {
      Optional<Prefix> p = Optional.ofNullable(prefixOf.get(g.getKey()));
      gateways.put(
          g.getKey(),
          edgeRoutes && p.isPresent() ? undumpedGateways(p.get(), g.getValue()) : List.of());
    }
    long multi =
        groups.entrySet().stream()
            .filter(e -> e.getValue().size() > 1 || !gateways.get(e.getKey()).isEmpty())
            .count();
    List<NetnsBuilder> out = new ArrayList<>();
    for (Map.Entry<String, List<Object[]>> g : groups.entrySet()) {
      Optional<Prefix> p = Optional.ofNullable(prefixOf.get(g.getKey()));
      List<Ipv4Address> gws = gateways.get(g.getKey());
      String outside = outside(p, g.getValue(), gws);
      if (g.getValue().size() == 1 && gws.isEmpty()) {
        DeviceDraft d = (DeviceDraft) g.getValue().get(0)[1];
        d.beyond =
            Optional.of(
                outside.isEmpty()
                    ? "no other dumped node is on "
                        + p.map(Prefix::toRouteString).orElse("its network")
                        + "; add the dumps of the hosts behind it to follow the packet"
                    : outside);
        continue;
      }
      boolean fromUnderlay = underlay.segments().containsKey(g.getKey());
      String name = fromUnderlay ? g.getKey() : multi == 1 ? "segment" : g.getKey();
      out.add(segment(name, g.getValue(), outside, p, fromUnderlay, gws));
    }
    if (edge != null) {
      out.add(edgeRouter());
    }
    return out;
  }

  /** The gateways on {@code p} the members' routes name and no dump holds. */
  private List<Ipv4Address> undumpedGateways(Prefix p, List<Object[]> members) {
    Set<Ipv4Address> out = new java.util.LinkedHashSet<>();
    for (Object[] m : members) {
      for (Route r : ((NetnsDraft) m[0]).routes) {
        for (NextHop h : r.nextHops()) {
          h.via()
              .filter(p::contains)
              .filter(v -> owner(v).isEmpty())
              .filter(v -> kubeNodes.stream().noneMatch(k -> k.internalIp().equals(Optional.of(v))))
              .ifPresent(out::add);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The router of {@code --edge=routes}, made at its first segment. */
  private NetnsDraft edge() {
    if (edge == null) {
      NetnsDump empty = NetnsDump.nothingDumped("edge", ".", dev.podpath.model.topo.Sockets.NONE);
      // a router: forwarding on (the node default), said by the assumption below
      edge = new NetnsDraft(NetnsName.of("edge"), "edge", true, empty, new ArrayList<>());
      DeviceDraft beyond = new DeviceDraft("beyond", new Origin(".", 0, ""));
      beyond.beyond =
          Optional.of(
              "what lies behind the gateways no dump holds (--edge=routes routes only the dumped"
                  + " hosts' networks back into the dump)");
      edge.devices.put("beyond", beyond);
    }
    return edge;
  }

  /**
   * The router's routes: each dumped member's own networks (its addresses, the subnets of its other
   * devices: pod bridges, Docker bridges, pods' /32 routes; its kubectl pod CIDRs) via the member's
   * address on the leg's subnet, the rest out of the model.
   */
  private NetnsBuilder edgeRouter() {
    Set<Prefix> routed = new java.util.HashSet<>();
    List<String> said = new ArrayList<>();
    for (EdgeLeg leg : legs) {
      routed.add(leg.subnet());
    }
    for (EdgeLeg leg : legs) {
      for (Object[] m : leg.members()) {
        NetnsDraft host = (NetnsDraft) m[0];
        DeviceDraft nic = (DeviceDraft) m[1];
        Optional<IfAddress> a =
            nic.addresses.stream().filter(x -> leg.subnet().contains(x.address())).findFirst();
        if (a.isEmpty()) {
          continue;
        }
        List<String> mine = new ArrayList<>();
        for (Prefix p : ownNetworks(host, nic)) {
          if (routed.add(p)) {
            edge.routes.add(
                new Route(
                    dev.podpath.model.route.TableIds.MAIN,
                    dev.podpath.model.route.RouteType.UNICAST,
                    p,
                    List.of(NextHop.via(a.get().address(), leg.device().name)),
                    Optional.empty(),
                    0,
                    dev.podpath.model.route.RouteScope.GLOBAL,
                    dev.podpath.model.route.RouteProtocol.STATIC,
                    a.get().origin()));
            mine.add(p.toRouteString());
          }
        }
        if (!mine.isEmpty()) {
          said.add(String.join(", ", mine) + " via " + a.get().address() + " (" + host.node + ")");
        }
      }
    }
    edge.routes.add(
        new Route(
            dev.podpath.model.route.TableIds.MAIN,
            dev.podpath.model.route.RouteType.UNICAST,
            Prefix.DEFAULT,
            List.of(NextHop.dev("beyond")),
            Optional.empty(),
            0,
            dev.podpath.model.route.RouteScope.LINK,
            dev.podpath.model.route.RouteProtocol.STATIC,
            new Origin(".", 0, "")));
    edge.completeDevices("edge");
    assumptions.add(
        new Assumption(
            ".",
            "--edge=routes: the gateways no dump holds ("
                + String.join(
                    ", ",
                    legs.stream()
                        .map(
                            l ->
                                l.device().addresses.stream()
                                        .map(x -> x.address().toString())
                                        .collect(java.util.stream.Collectors.joining(", "))
                                    + " on "
                                    + l.subnet().toRouteString())
                        .toList())
                + ") are one router, namespace edge, that routes every dumped host's own networks"
                + " back to it"
                + (said.isEmpty() ? "" : " (" + String.join("; ", said) + ")")
                + " and sends the rest out of the model (device beyond)"));
    return edge.build();
  }

  /**
   * A node's own networks, as a router in front of it would route them to it: the addresses of its
   * other devices, the destinations of its routes through its other devices without a gateway (pod
   * bridges, Docker bridges, a pod's /32), and its kubectl pod CIDRs.
   */
  private List<Prefix> ownNetworks(NetnsDraft host, DeviceDraft nic) {
    Set<Prefix> out = new java.util.LinkedHashSet<>();
    for (DeviceDraft d : host.devices.values()) {
      if (d == nic || d.isLoopback()) {
        continue;
      }
      d.addresses.stream()
          .filter(x -> !x.address().isLoopback())
          .forEach(x -> out.add(Prefix.of(x.address(), 32)));
    }
    for (Route r : host.routes) {
      if (r.table() == dev.podpath.model.route.TableIds.MAIN
          && r.type() == dev.podpath.model.route.RouteType.UNICAST
          && !r.destination().equals(Prefix.DEFAULT)
          && r.nextHops().size() == 1
          && r.nextHops().get(0).via().isEmpty()
          && !r.nextHops().get(0).dev().equals(nic.name)
          && host.device(r.nextHops().get(0).dev()).filter(d -> !d.isLoopback()).isPresent()) {
        out.add(r.destination());
      }
    }
    kubeNodes.stream()
        .filter(k -> k.name().equals(host.node))
        .forEach(k -> out.addAll(k.podCidrs()));
    return new ArrayList<>(out);
  }

  /** What is known to be on {@code p} but was not dumped, and what would be needed. */
  private String outside(Optional<Prefix> p, List<Object[]> members, List<Ipv4Address> modelled) {
    if (p.isEmpty()) {
      return "";
    }
    List<String> known = new ArrayList<>();
    for (KubeNode k : kubeNodesIn(p.get())) {
      if (owner(k.internalIp().get()).isEmpty()) {
        known.add(
            "node " + k.name() + " (" + k.internalIp().get() + ", " + k.origin().location() + ")");
      }
    }
    Set<Ipv4Address> seen = new HashSet<>();
    for (Object[] m : members) {
      NetnsDraft host = (NetnsDraft) m[0];
      work.count(host.routes.size());
      for (Route r : host.routes) {
        for (NextHop h : r.nextHops()) {
          if (h.via().filter(p.get()::contains).isPresent()
              && owner(h.via().get()).isEmpty()
              && !modelled.contains(h.via().get())
              && seen.add(h.via().get())
              && !kubeNodeIps.contains(h.via().get())) {
            known.add("the gateway " + h.via().get() + " (" + r.origin().location() + ")");
          }
        }
      }
    }
    if (known.isEmpty()) {
      return "";
    }
    return "on "
        + p.get().toRouteString()
        + " but not dumped: "
        + String.join(", ", known)
        + "; to follow the packet"
        + " there, add a folder with that host's dumps to the snapshot (podpath collect on it)";
  }

  private NetnsBuilder segment(
      String name,
      List<Object[]> members,
      String outside,
      Optional<Prefix> p,
      boolean fromUnderlay,
      List<Ipv4Address> gateways) {
    NetnsName ns = NetnsName.of(name);
    Origin o = new Origin(fromUnderlay ? "underlay.txt" : ".", 0, "");
    NetnsDump empty = NetnsDump.nothingDumped(name, ".", dev.podpath.model.topo.Sockets.NONE);
    NetnsDraft seg = new NetnsDraft(ns, name, false, empty, new ArrayList<>());
    seg.devices.get("lo").addresses.clear();
    seg.devices.get("lo").up = false;
    DeviceDraft br = new DeviceDraft("br0", o);
    br.setKind(LinkKind.Type.BRIDGE);
    seg.devices.put("br0", br);
    List<String> names = new ArrayList<>();
    Map<NetnsDraft, Integer> nicsOf = new HashMap<>();
    for (Object[] m : members) {
      nicsOf.merge((NetnsDraft) m[0], 1, Integer::sum);
    }
    work.count(members.size());
    for (Object[] m : members) {
      NetnsDraft host = (NetnsDraft) m[0];
      DeviceDraft nic = (DeviceDraft) m[1];
      String portName =
          nicsOf.get(host) > 1 ? "port-" + host.node + "-" + nic.name : "port-" + host.node;
      DeviceDraft port = VethTies.newPort(seg, br, portName);
      port.peer = Optional.of(NetnsDraft.ref(host, nic));
      port.mtu = nic.mtu;
      nic.peer = Optional.of(NetnsDraft.ref(seg, port));
      names.add(host.node + "/" + nic.name);
    }
    if (!gateways.isEmpty()) {
      NetnsDraft router = edge();
      String leg = "eth" + (legs.size() + 1);
      DeviceDraft port = VethTies.newPort(seg, br, "port-edge");
      DeviceDraft nic = new DeviceDraft(leg, o);
      nic.setKind(LinkKind.Type.VETH);
      nic.peer = Optional.of(NetnsDraft.ref(seg, port));
      port.peer = Optional.of(NetnsDraft.ref(router, nic));
      for (Ipv4Address gw : gateways) {
        nic.addresses.add(
            new IfAddress(
                gw,
                p.orElseThrow().length(),
                Optional.empty(),
                Optional.of(p.orElseThrow().broadcast()),
                dev.podpath.model.route.RouteScope.GLOBAL,
                o));
      }
      router.devices.put(leg, nic);
      legs.add(new EdgeLeg(nic, p.orElseThrow(), members));
      names.add(
          "edge/"
              + leg
              + " (--edge=routes: the gateway"
              + (gateways.size() > 1 ? "s " : " ")
              + gateways.stream()
                  .map(Ipv4Address::toString)
                  .collect(java.util.stream.Collectors.joining(", "))
              + ")");
    }
    if (!outside.isEmpty()) {
      DeviceDraft out = VethTies.newPort(seg, br, "outside");
      out.type = "";
      out.beyond = Optional.of(outside);
    }
    seg.completeDevices(name);
    assumptions.add(
        new Assumption(
            fromUnderlay ? "underlay.txt" : ".",
            String.join(", ", names)
                + (fromUnderlay
                    ? " are on one L2 segment (underlay.txt)"
                    : " share "
                        + p.map(Prefix::toRouteString).orElse("")
                        + ": they are joined by one L2 segment, the bridge br0 of namespace "
                        + name
                        + " (underlay.txt can say"
                        + " otherwise)")
                + (outside.isEmpty()
                    ? ""
                    : "; its port `outside` stands for the hosts " + outside)));
    return seg.build();
  }
}
