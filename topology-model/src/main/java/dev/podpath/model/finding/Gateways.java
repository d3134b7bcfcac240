package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The routers of a network: for a route via a gateway, the namespace on the route's L2 segment that
 * has the gateway's address, and the device the packets arrive on there.
 */
final class Gateways {

  /** A route of {@code from} whose gateway is {@code router}'s, reached on {@code arrival}. */
  record Use(Netns from, Route route, NextHop hop, Netns router, NetDevice arrival) {}

  private Gateways() {}

  /**
   * Every route via a gateway whose namespace is in the model, on an L2 segment the model shows.
   */
  static List<Use> all(Survey survey) {
    Topology t = survey.topology();
    List<Use> out = new ArrayList<>();
    for (Netns ns : t.netnsList()) {
      for (Route r : ns.routing().allRoutes()) {
        if (r.type() != RouteType.UNICAST || r.table() == TableIds.LOCAL) {
          continue;
        }
        for (NextHop h : r.nextHops()) {
          if (h.via().isEmpty() || ns.ownsAddress(h.via().get())) {
            continue;
          }
          station(survey, new DeviceRef(ns.name(), h.dev()), h.via().get())
              .ifPresent(
                  st ->
                      out.add(
                          new Use(ns, r, h, t.require(st.netns()), t.device(st).orElseThrow())));
        }
      }
    }
    return out;
  }

  /**
   * The device on {@code dev}'s segment whose namespace has {@code gateway} (on it, or elsewhere).
   */
  static Optional<DeviceRef> station(Survey survey, DeviceRef dev, Ipv4Address gateway) {
    List<Netns> owners = survey.owners(gateway);
    if (owners.isEmpty()) {
      return Optional.empty();
    }
    L2Segment seg = survey.segment(dev);
    Optional<DeviceRef> other = Optional.empty();
    for (Netns o : owners) {
      for (NetDevice d : o.deviceList()) {
        DeviceRef ref = new DeviceRef(o.name(), d.name());
        if (!seg.stations().contains(ref)) {
          continue;
        }
        if (d.addresses().stream().anyMatch(a -> a.address().equals(gateway))) {
          return Optional.of(ref);
        }
        if (other.isEmpty()) {
          other = Optional.of(ref);
        }
      }
    }
    return other;
  }

  /**
   * The source address {@code ns} gives packets it sends by {@code r}: its {@code src}, else the
   * device's primary.
   */
  static Optional<IfAddress> source(Netns ns, Route r, NextHop h) {
    Optional<NetDevice> d = ns.device(h.dev());
    if (r.src().isPresent()) {
      Ipv4Address s = r.src().get();
      return ns.deviceList().stream()
          .flatMap(x -> x.addresses().stream())
          .filter(a -> a.address().equals(s))
          .findFirst();
    }
    return d.flatMap(x -> x.addresses().stream().filter(a -> global(a)).findFirst());
  }

  /** Addresses a namespace can be reached at from elsewhere: not loopback, not host scope. */
  static boolean global(IfAddress a) {
    return a.scope() != dev.podpath.model.route.RouteScope.HOST && !a.address().isLoopback();
  }

  /**
   * An address no table routes specifically (TEST-NET-2, for documentation): where a default route
   * leads.
   */
  static final Ipv4Address FAR = Ipv4Address.parse("198.51.100.1");

  /**
   * An address {@code ns} sends out of {@code dev}: inside the first more specific route through it
   * that holds an address {@code ns} does not have, else {@link #FAR} (the default route's world).
   */
  static Ipv4Address via(Netns ns, String dev) {
    for (Route r : ns.routing().allRoutes()) {
      if (r.type() == RouteType.UNICAST
          && r.table() != TableIds.LOCAL
          && r.uses(dev)
          && !r.destination().isDefault()) {
        Optional<Ipv4Address> a = insideNotOwned(r.destination(), ns);
        if (a.isPresent()) {
          return a.get();
        }
      }
    }
    return FAR;
  }

  /**
   * An address inside {@code p} that {@code ns} does not have, to look routes up with: the first,
   * second or last host (the network for a /31 or /32).
   */
  static Optional<Ipv4Address> insideNotOwned(Prefix p, Netns ns) {
    if (p.length() >= 31) {
      return ns.ownsAddress(p.network()) ? Optional.empty() : Optional.of(p.network());
    }
    for (Ipv4Address a :
        List.of(
            new Ipv4Address(p.network().bits() + 1),
            new Ipv4Address(p.network().bits() + 2),
            new Ipv4Address(p.broadcast().bits() - 1))) {
      if (!ns.ownsAddress(a)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * An address inside {@code p} to look routes up with: its first host (the network for a /31 or
   * /32).
   */
  static Ipv4Address inside(Prefix p) {
    return p.length() >= 31 ? p.network() : new Ipv4Address(p.network().bits() + 1);
  }
}
