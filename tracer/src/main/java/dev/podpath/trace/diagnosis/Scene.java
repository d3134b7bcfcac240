package dev.podpath.trace.diagnosis;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.NetworkFacts;
import dev.podpath.model.finding.Shell;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingPolicy;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a remedy looks things up in: the network the trace ran on, how fix commands are spelled for
 * it (a scenario's {@code ip -n NS}, a snapshot's {@code on NODE:}), and the packet that failed
 * with the decisions it met.
 */
record Scene(Topology topology, Shell shell, PacketTrace failed, Ipv4Address probeDst) {

  static Scene of(NetworkFacts facts, PacketTrace failed, Ipv4Address probeDst) {
    return new Scene(facts.topology(), new Shell(facts), failed, probeDst);
  }

  /** Where the failed packet was going: its destination, else the probe's. */
  Ipv4Address destination() {
    return failed.packet().map(Ipv4Packet::dst).orElse(probeDst);
  }

  /**
   * The device as evidence: {@code DEV: KIND, mac M, mtu N, up|down}, with the line that made it.
   */
  Evidence device(DeviceRef ref) {
    Optional<NetDevice> d = topology.device(ref);
    if (d.isEmpty()) {
      return Evidence.unplaced(ref.netns(), ref.name() + " (not in the model)");
    }
    NetDevice dev = d.get();
    String entry =
        dev.name()
            + ": "
            + dev.kind().typeName()
            + ", mac "
            + dev.mac()
            + ", mtu "
            + dev.mtu()
            + (dev.up() ? ", up" : ", down")
            + dev.master().map(m -> ", master " + m).orElse("");
    return Evidence.of(ref.netns(), entry, dev.origin());
  }

  /** A route as evidence, with its line. */
  static Evidence route(NetnsName ns, Route r) {
    return Evidence.of(ns, r, r.origin());
  }

  /** A setting the model keeps no line for (a sysctl's value). */
  static Evidence setting(NetnsName ns, String entry) {
    return Evidence.unplaced(ns, entry);
  }

  /** Every step of the failed packet, its flooded copies' included, in order. */
  List<Step> steps() {
    List<Step> out = new ArrayList<>();
    for (Hop h : failed.hops()) {
      h.steps().stream().map(TraceEvent::step).forEach(out::add);
      h.arp().stream().map(TraceEvent::step).forEach(out::add);
      for (Hop.Branch b : h.branches()) {
        b.steps().stream().map(TraceEvent::step).forEach(out::add);
      }
    }
    return out;
  }

  /** The last routing decision the failed packet met in {@code ns}. */
  Optional<Step.RouteSelected> lastRoute(NetnsName ns) {
    Step.RouteSelected found = null;
    for (Step s : steps()) {
      if (s instanceof Step.RouteSelected r && r.netns().equals(ns)) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The namespaces the failed packet crossed, in order, each once. */
  List<NetnsName> path() {
    return failed.hops().stream().map(Hop::netns).distinct().toList();
  }

  /** The failed packet as it was sent, if one was. */
  Optional<Ipv4Packet> packet() {
    return failed.packet();
  }

  /** The namespaces owning {@code address}. */
  List<Netns> owners(Ipv4Address address) {
    return topology.owners(address);
  }

  /** The devices anywhere in the model whose MAC is {@code mac}. */
  List<DeviceRef> devicesWithMac(MacAddress mac) {
    List<DeviceRef> out = new ArrayList<>();
    for (Netns n : topology.netnsList()) {
      for (NetDevice d : n.deviceList()) {
        if (d.mac().equals(mac)) {
          out.add(new DeviceRef(n.name(), d.name()));
        }
      }
    }
    return out;
  }

  /**
   * The connected route of the one LAN of {@code ns} (a device with a global address that is no
   * loopback, tunnel, veth or container bridge, and is up), when {@code ns} has exactly one and no
   * default route in the tables its lookup {@code tried}.
   */
  Optional<Route> lanWithoutDefault(NetnsName ns, List<Integer> tried) {
    Optional<Netns> n = topology.netns(ns);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    RoutingPolicy routing = n.get().routing();
    boolean hasDefault =
        tried.stream()
            .flatMap(t -> routing.existingTable(t).stream())
            .flatMap(t -> t.routes().stream())
            .anyMatch(r -> r.destination().length() == 0);
    if (hasDefault) {
      return Optional.empty();
    }
    List<Route> lans = new ArrayList<>();
    for (NetDevice d : n.get().deviceList()) {
      if (d.isLoopback()
          || !d.up()
          || (d.isBridge() && holdsContainers(n.get(), d.name()))
          || d.vethPeer().isPresent()
          || d.kind() instanceof LinkKind.Vxlan
          || d.kind() instanceof LinkKind.Geneve
          || d.kind() instanceof LinkKind.Ipip
          || d.kind() instanceof LinkKind.Tun) {
        continue;
      }
      for (Route r : routing.table(TableIds.MAIN).routes()) {
        if (r.type() == RouteType.UNICAST
            && r.scope() == RouteScope.LINK
            && r.destination().length() < 31
            && r.nextHops().size() == 1
            && r.nextHops().get(0).via().isEmpty()
            && r.nextHops().get(0).dev().equals(d.name())
            && d.addresses().stream().anyMatch(a -> r.destination().contains(a.address()))) {
          lans.add(r);
        }
      }
    }
    return lans.size() == 1 ? Optional.of(lans.get(0)) : Optional.empty();
  }

  /** A bridge for containers: veth ports, or the name Docker, CNI or kubenet gives theirs. */
  private static boolean holdsContainers(Netns n, String bridge) {
    return CONTAINER_BRIDGE.matcher(bridge).matches()
        || n.deviceList().stream()
            .anyMatch(
                p -> p.vethPeer().isPresent() && p.master().filter(bridge::equals).isPresent());
  }

  private static final Pattern CONTAINER_BRIDGE =
      Pattern.compile("cni0|docker0|cbr0|br-[0-9a-f]{12}");

  /** The one device of {@code ns} with an address, loopback aside, if it has exactly one. */
  Optional<String> onlyUplink(NetnsName ns) {
    List<String> up =
        topology.netns(ns).stream()
            .flatMap(n -> n.deviceList().stream())
            .filter(d -> !d.isLoopback() && !d.addresses().isEmpty())
            .map(NetDevice::name)
            .toList();
    return up.size() == 1 ? Optional.of(up.get(0)) : Optional.empty();
  }

  /** {@code ip neigh replace ADDR lladdr MAC dev DEV} for {@code entry} of {@code ns}. */
  String neighReplace(NetnsName ns, dev.podpath.model.neigh.NeighEntry entry, MacAddress mac) {
    return shell.ip(
        ns, "neigh replace " + entry.address() + " lladdr " + mac + " dev " + entry.dev());
  }

  /** {@code sysctl -w KEY=VALUE} in {@code ns}. */
  String sysctl(NetnsName ns, String key, Object value) {
    return shell.exec(ns, "sysctl -w " + key + "=" + value);
  }
}
