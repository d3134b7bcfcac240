package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An address whose connected route is gone while routes through its subnet's gateways remain: the
 * kernel made {@code 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5} when the address
 * was added, and something deleted it (a tool, or by hand; the route tables were dumped, so the
 * snapshot does not make it again, as the kernel would not). The kernel keeps the routes via the
 * subnet's gateways that were added before, and they still work while their neighbours resolve; but
 * the subnet itself now follows another route (the default route, or none: "Network is
 * unreachable"), and a new route via one of its gateways is refused ("Nexthop has invalid
 * gateway"). Kernel-checked in a sandbox (6.x): after {@code ip route del} of the connected route,
 * {@code ip route get} of a host on the subnet answers "Network is unreachable", a route via its
 * gateway keeps reaching what is behind it, and {@code ip route add ... via} that gateway fails.
 *
 * <p>Found only where a route through the device names a gateway inside the subnet without {@code
 * onlink}: the kernel accepted it only while the subnet was on-link, so the connected route was
 * there then. A dump filtered with {@code | grep} that left the connected route out would look the
 * same; the explanation says to check.
 */
final class ConnectedRouteCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        if (d.isLoopback() || !d.up()) {
          continue;
        }
        for (IfAddress a : d.addresses()) {
          if (a.prefixLength() == 32 || a.peer().isPresent()) {
            continue;
          }
          Prefix subnet = a.connectedPrefix();
          if (hasSubnetRoute(ns, d, subnet)) {
            continue;
          }
          List<Route> throughGateways = throughGateways(ns, d, subnet);
          if (throughGateways.isEmpty()) {
            continue;
          }
          out.add(finding(ns, d, a, subnet, throughGateways, shell));
        }
      }
    }
    return out;
  }

  /** Any route of the subnet on the device (the kernel's, or one a network manager made). */
  private static boolean hasSubnetRoute(Netns ns, NetDevice d, Prefix subnet) {
    for (Route r : ns.routing().allRoutes()) {
      if (r.destination().equals(subnet)
          && r.nextHops().stream().anyMatch(h -> h.dev().equals(d.name()))) {
        return true;
      }
    }
    return false;
  }

  /** The routes via a gateway inside {@code subnet} on the device, not {@code onlink}. */
  private static List<Route> throughGateways(Netns ns, NetDevice d, Prefix subnet) {
    List<Route> out = new ArrayList<>();
    for (Route r : ns.routing().allRoutes()) {
      for (NextHop h : r.nextHops()) {
        if (h.dev().equals(d.name())
            && !h.onlink()
            && h.via().filter(subnet::contains).isPresent()
            && !out.contains(r)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private static Finding finding(
      Netns ns, NetDevice d, IfAddress a, Prefix subnet, List<Route> gateways, Shell shell) {
    String connected =
        subnet.toRouteString() + " dev " + d.name() + " proto kernel scope link src " + a.address();
    List<Evidence> ev = new ArrayList<>();
    ev.add(
        Evidence.of(
            ns.name(),
            d.name() + ": " + a + " without its connected route " + connected,
            a.origin()));
    Ipv4Address gateway = gateways.get(0).nextHops().get(0).via().orElseThrow();
    Fib.Result instead = Fib.output(ns, gateway);
    Optional<Route> taken =
        instead instanceof Fib.Hit h ? Optional.of(h.route()) : Optional.empty();
    taken.ifPresent(r -> ev.add(Evidence.of(ns.name(), r, r.origin())));
    gateways.forEach(r -> ev.add(Evidence.of(ns.name(), r, r.origin())));
    String now =
        taken
            .map(
                r ->
                    "packets to the subnet itself (its hosts, the gateways "
                        + gateway
                        + "...) now follow "
                        + r
                        + " instead")
            .orElse(
                "the subnet itself (its hosts, the gateways "
                    + gateway
                    + "...) is now unreachable from it (\"Network is unreachable\")");
    return new Finding(
        Code.CONNECTED_ROUTE_MISSING,
        Severity.ERROR,
        ns.name().toString(),
        ns.name()
            + " has "
            + a
            + " on "
            + d.name()
            + " but no route to "
            + subnet
            + " on it: the kernel made "
            + connected
            + " when the address was added, and it was deleted since (its routes via "
            + gateway
            + " on "
            + d.name()
            + " were accepted only while it was there). Those routes still work while their"
            + " gateways' neighbour entries resolve, but "
            + now
            + ", and the kernel refuses a new route via a gateway there (\"Nexthop has invalid"
            + " gateway\"). (If the routes were dumped through a `| grep`, check first that"
            + " `ip route show "
            + subnet
            + "` is empty.)",
        ev,
        List.of(
            new Fix(
                shell.ip(ns.name(), "route add " + connected),
                "puts back the route the kernel made for "
                    + a
                    + "; then find what deleted it (a routing daemon that removes"
                    + " routes it did not install, a network script) so it does not happen again")));
  }
}
