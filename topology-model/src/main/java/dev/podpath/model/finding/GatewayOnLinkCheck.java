package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gateway that nothing on the route's L2 segment answers ARP for: the segment (veths followed to
 * their peers, bridges to their ports) is wholly in the model, and no namespace on it has the
 * address or proxies it. The classic cases: a host-gw route to a node on another subnet forced with
 * {@code onlink}; a Calico-style pod whose host-side device has proxy_arp off, or whose node has no
 * route to {@code 169.254.1.1}.
 *
 * <p>Not concluded: segments that leave the model (a NIC with nothing dumped behind it), devices
 * that do not ARP (tunnels), gateways with a static neighbour entry, proxying that depends on a
 * sysctl the snapshot did not dump, a gateway no namespace has and nothing on the segment could
 * proxy (a router the scenario does not model), and a gateway whose device is on the segment but
 * down ({@link NoCarrierCheck} says that).
 */
final class GatewayOnLinkCheck implements Check {

  /**
   * A namespace's routes through one gateway on one device (the namespace compared by identity:
   * records of the model hash deep).
   */
  private record Key(NetnsName name, String dev, Ipv4Address gateway, Netns ns) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.name.equals(name)
          && k.dev.equals(dev)
          && k.gateway.equals(gateway);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(name, dev, gateway);
    }
  }

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Map<Key, List<Route>> routes = new LinkedHashMap<>();
    for (Netns ns : facts.topology().netnsList()) {
      for (Route r : ns.routing().allRoutes()) {
        if (r.type() != RouteType.UNICAST || r.table() == TableIds.LOCAL) {
          continue;
        }
        for (NextHop h : r.nextHops()) {
          if (h.via().isEmpty() || ns.ownsAddress(h.via().get())) {
            continue;
          }
          Optional<NetDevice> d = ns.device(h.dev());
          if (d.isEmpty()
              || !d.get().up()
              || !(d.get().kind() instanceof LinkKind.Veth
                  || d.get().kind() instanceof LinkKind.Bridge)
              || ArpReply.neighbour(ns, h.dev(), h.via().get()).isPresent()) {
            continue;
          }
          routes
              .computeIfAbsent(
                  new Key(ns.name(), h.dev(), h.via().get(), ns), k -> new ArrayList<>())
              .add(r);
        }
      }
    }
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    routes.forEach(
        (key, list) -> {
          L2Segment segment = survey.segment(new DeviceRef(key.ns().name(), key.dev()));
          if (ArpReply.on(survey, segment, key.gateway()) instanceof ArpReply.Nobody
              && meant(survey, segment, key.gateway())) {
            out.add(finding(survey, shell, key, list, segment));
          }
        });
    return out;
  }

  /**
   * Whether the gateway is meant to be on the segment: some namespace of the model has it, or a
   * station on the segment routes it elsewhere or proxies ARP. A gateway nobody in the model has
   * and nothing proxies is a host the scenario does not model (the LAN's router), not a finding.
   */
  private static boolean meant(Survey survey, L2Segment segment, Ipv4Address gw) {
    NetworkFacts facts = survey.facts();
    if (segment.stations().stream()
        .anyMatch(
            st ->
                facts.topology().device(st).orElseThrow().addresses().stream()
                    .anyMatch(a -> a.address().equals(gw)))) {
      return false; // the gateway is there but down: a missing carrier, not a missing gateway
    }
    if (!survey.owners(gw).isEmpty()) {
      return true;
    }
    SysctlFacts sysctls = new SysctlFacts(facts);
    for (DeviceRef st : segment.stations()) {
      Netns sn = facts.topology().require(st.netns());
      boolean elsewhere =
          Fib.lookup(sn, gw, Optional.empty(), st.name()) instanceof Fib.Hit h
              && h.forwards()
              && !h.route().uses(st.name());
      boolean pneigh = sn.neighbours().stream().anyMatch(n -> n.proxy() && n.address().equals(gw));
      if (elsewhere || pneigh || sysctls.proxyArp(sn, st.name()).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private static Finding finding(
      Survey survey, Shell shell, Key key, List<Route> list, L2Segment segment) {
    NetworkFacts facts = survey.facts();
    Netns ns = key.ns();
    Ipv4Address gw = key.gateway();
    List<Evidence> ev = new ArrayList<>();
    list.forEach(r -> ev.add(Evidence.of(ns.name(), r, r.origin())));
    List<Fix> fixes = new ArrayList<>();
    StringBuilder why = new StringBuilder();
    for (Netns owner : survey.owners(gw)) {
      for (NetDevice d : owner.deviceList()) {
        for (IfAddress a : d.addresses()) {
          if (a.address().equals(gw)) {
            ev.add(Evidence.of(owner.name(), a + " on " + d.name(), a.origin()));
            why.append(" ")
                .append(gw)
                .append(" is ")
                .append(owner.name())
                .append("/")
                .append(d.name())
                .append(", which is not on that segment.");
          }
        }
      }
    }
    SysctlFacts sysctls = new SysctlFacts(facts);
    boolean nobodyHasIt = survey.owners(gw).isEmpty();
    for (DeviceRef st : segment.stations()) {
      Netns sn = facts.topology().require(st.netns());
      if (!facts.topology().device(st).orElseThrow().up()) {
        continue;
      }
      Fib.Result route = Fib.lookup(sn, gw, Optional.empty(), st.name());
      boolean elsewhere = route instanceof Fib.Hit h && h.forwards() && !h.route().uses(st.name());
      if (nobodyHasIt && elsewhere && sysctls.proxyArp(sn, st.name()).filter(p -> !p).isPresent()) {
        ev.add(
            Evidence.unplaced(
                sn.name(), SysctlFacts.line(sn, "net.ipv4.conf." + st.name() + ".proxy_arp", 0)));
        why.append(" ")
            .append(st)
            .append(" could answer for it by proxy ARP (")
            .append(sn.name())
            .append(" routes ")
            .append(gw)
            .append(" elsewhere), but proxy_arp is off there.");
        fixes.add(
            new Fix(
                shell.exec(sn.name(), "sysctl -w net.ipv4.conf." + st.name() + ".proxy_arp=1"),
                st
                    + " then answers ARP for "
                    + gw
                    + " (a Calico-style gateway no host has) with its own MAC"));
      }
      if (route instanceof Fib.Miss && nobodyHasIt) {
        why.append(" ")
            .append(sn.name())
            .append(" (behind ")
            .append(st.name())
            .append(") has no route to ")
            .append(gw)
            .append(", so it cannot proxy it.");
        if (sysctls.proxyArp(sn, st.name()).orElse(false)) {
          fixes.add(
              new Fix(
                  shell.ip(sn.name(), "route add default via GATEWAY"),
                  "proxy ARP answers only for an address the namespace routes through another device: with a route"
                      + " to "
                      + gw
                      + " (a default route via its own gateway), "
                      + st
                      + " answers for it"));
        }
      }
    }
    Route first = list.get(0);
    String names = String.join(", ", segment.stations().stream().map(DeviceRef::toString).toList());
    String explanation =
        ns.name()
            + " sends "
            + String.join(", ", list.stream().map(r -> r.destination().toRouteString()).toList())
            + " via "
            + gw
            + " on "
            + key.dev()
            + ", but no device on "
            + key.dev()
            + "'s L2 segment ("
            + (names.isEmpty() ? "nothing" : names)
            + ") has "
            + gw
            + " or answers ARP for it: resolution fails and the sender gets \"Destination Host"
            + " Unreachable\"."
            + why;
    if (fixes.isEmpty()) {
      router(survey, segment, gw)
          .ifPresent(
              r ->
                  fixes.add(
                      new Fix(
                          shell.ip(
                                  ns.name(),
                                  "route replace "
                                      + first.destination().toRouteString()
                                      + " via "
                                      + r.address()
                                      + " dev "
                                      + key.dev())
                              + " && "
                              + shell.ip(
                                  r.ns().name(),
                                  "route add "
                                      + first.destination().toRouteString()
                                      + " via "
                                      + gw),
                          r.ns().name()
                              + " is on "
                              + key.dev()
                              + "'s segment and reaches "
                              + gw
                              + " through "
                              + r.out()
                              + ": route "
                              + first.destination().toRouteString()
                              + " through it, and let it route on to "
                              + gw)));
      fixes.add(
          new Fix(
              shell.ip(
                  ns.name(),
                  "route replace "
                      + first.destination().toRouteString()
                      + " via GATEWAY dev "
                      + key.dev()),
              "with GATEWAY an address on "
                  + key.dev()
                  + "'s segment that reaches "
                  + first.destination()
                  + " (host-gw needs every node on one L2 segment; between subnets use an overlay, e.g. flannel's"
                  + " vxlan backend, or route through the router)"));
    }
    return new Finding(
        Code.GATEWAY_NOT_ON_LINK, Severity.ERROR, ns.name().toString(), explanation, ev, fixes);
  }

  /**
   * A router on the segment: a station whose namespace forwards and routes {@code gw} through
   * another device.
   */
  private record Router(Netns ns, Ipv4Address address, String out) {}

  private static Optional<Router> router(Survey survey, L2Segment segment, Ipv4Address gw) {
    SysctlFacts sysctls = new SysctlFacts(survey.facts());
    for (DeviceRef st : segment.stations()) {
      Netns sn = survey.topology().require(st.netns());
      NetDevice d = sn.device(st.name()).orElseThrow();
      Optional<IfAddress> a = d.addresses().stream().filter(Gateways::global).findFirst();
      if (a.isEmpty() || !d.up() || !sysctls.forwarding(sn, st.name()).orElse(false)) {
        continue;
      }
      if (Fib.lookup(sn, gw, Optional.empty(), st.name()) instanceof Fib.Hit h
          && h.forwards()
          && !h.route().uses(st.name())) {
        return Optional.of(new Router(sn, a.get().address(), h.route().dev().orElse("?")));
      }
    }
    return Optional.empty();
  }
}
