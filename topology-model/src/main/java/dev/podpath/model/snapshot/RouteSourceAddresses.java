package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses a route dump shows only as a host route's {@code src}: {@code 10.240.0.1 dev ens4v1
 * proto dhcp scope link src 10.240.0.5} (GCE's DHCP gives the VM a {@code /32} and a host route to
 * its gateway). The kernel takes a route's {@code src} only if it is a local address ({@code
 * fib_valid_prefsrc}), so the namespace has it; with no address dump of the route's device, it is
 * put there as a {@code /32} (which makes no connected route), an assumption with its evidence. The
 * connected routes' {@code src} ({@code 10.10.1.0/24 dev eth0 scope link src 10.10.1.6}) are read
 * where the namespace is built; this adds what those leave out. Package-private.
 */
final class RouteSourceAddresses {

  /** An address found, the device it is put on, and why. */
  record Found(String device, IfAddress address, String assumption) {}

  private RouteSourceAddresses() {}

  /**
   * The addresses the {@code /32} routes of {@code routes} name as {@code src} that no device of
   * the namespace has ({@code known}), on the route's device when {@code undumped} holds it.
   */
  static List<Found> of(List<Route> routes, Set<Ipv4Address> known, Set<String> undumped) {
    List<Found> out = new ArrayList<>();
    Set<Ipv4Address> seen = new LinkedHashSet<>(known);
    for (Route r : routes) {
      if (r.table() != TableIds.MAIN
          || r.type() != RouteType.UNICAST
          || r.destination().length() != 32
          || r.src().isEmpty()
          || r.nextHops().size() != 1
          || r.nextHops().get(0).via().isPresent()
          || !undumped.contains(r.nextHops().get(0).dev())
          || seen.contains(r.src().get())) {
        continue;
      }
      Ipv4Address a = r.src().get();
      String dev = r.nextHops().get(0).dev();
      seen.add(a);
      out.add(
          new Found(
              dev,
              new IfAddress(
                  a, 32, Optional.empty(), Optional.empty(), RouteScope.GLOBAL, r.origin()),
              dev
                  + " has "
                  + a
                  + "/32: no address dump shows it, the host route "
                  + r.origin().location()
                  + " names it as its source (`"
                  + r.origin().text().strip()
                  + "`; the kernel takes only a local address as src), and no connected route"
                  + " gives it a prefix"));
    }
    return out;
  }
}
