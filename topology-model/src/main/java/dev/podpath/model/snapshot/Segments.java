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
      LoadWork work) {
    this.nodes = nodes;
    this.owners = owners;
    this.kubeNodes = kubeNodes;
    this.underlay = underlay;
    this.assumptions = assumptions;
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
    long multi = groups.values().stream().filter(l -> l.size() > 1).count();
    List<NetnsBuilder> out = new ArrayList<>();
    for (Map.Entry<String, List<Object[]>> g : groups.entrySet()) {
      Optional<Prefix> p = Optional.ofNullable(prefixOf.get(g.getKey()));
      String outside = outside(p, g.getValue());
      if (g.getValue().size() == 1) {
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
      out.add(segment(name, g.getValue(), outside, p, fromUnderlay));
    }
    return out;
  }

  /** What is known to be on {@code p} but was not dumped, and what would be needed. */
  private String outside(Optional<Prefix> p, List<Object[]> members) {
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
      boolean fromUnderlay) {
    NetnsName ns = NetnsName.of(name);
    Origin o = new Origin(fromUnderlay ? "underlay.txt" : ".", 0, "");
    NetnsDump empty =
        new NetnsDump(
            name,
            ".",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.of(dev.podpath.model.topo.Sockets.NONE));
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
