package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's reactions to address and device events on the routing tables ({@code
 * fib_inetaddr_event} and {@code fib_netdev_event} in {@code net/ipv4/fib_frontend.c}): the routes
 * of an address ({@link KernelRoutes}) made and removed, the flushes of a device going down or away
 * ({@code fib_sync_down_dev}, {@code fib_sync_down_addr}, {@code fib_disable_ip}).
 */
public final class FibFrontend {

  private FibFrontend() {}

  /** An address was added to {@code d}. */
  public static void addressAdded(NetnsBuilder ns, DeviceBuilder d, InetAddr a, Origin origin) {
    for (Route r : KernelRoutes.of(d.name(), d.isLoopback(), d.up(), d.addressList(), a, origin)) {
      ns.routes().insertKernel(r);
    }
  }

  /**
   * Addresses were removed from {@code d} (whose address list is already updated): the kernel
   * routes no remaining address needs go, routes preferring a source that is no longer local go
   * ({@code fib_sync_down_addr}), and when {@code d} has no address left every route through it
   * goes ({@code fib_disable_ip}).
   */
  public static void addressesRemoved(
      NetnsBuilder ns, DeviceBuilder d, List<InetAddr> before, Origin origin) {
    List<InetAddr> after = List.copyOf(d.addressList());
    d.addressList().clear();
    d.addressList().addAll(before);
    List<Route> old = new ArrayList<>();
    for (InetAddr a : before) {
      old.addAll(KernelRoutes.of(d.name(), d.isLoopback(), d.up(), d.addressList(), a, origin));
    }
    d.addressList().clear();
    d.addressList().addAll(after);
    List<Route> kept = new ArrayList<>();
    for (InetAddr a : after) {
      kept.addAll(KernelRoutes.of(d.name(), d.isLoopback(), d.up(), d.addressList(), a, origin));
    }
    for (Route r : old) {
      if (kept.stream().noneMatch(k -> RouteTables.identical(k, r))) {
        ns.routes().removeIdentical(r);
      }
    }
    for (InetAddr gone : before) {
      if (!after.contains(gone) && !ns.ownsAddress(gone.local())) {
        Optional<Ipv4Address> src = Optional.of(gone.local());
        ns.routes().removeIf(r -> r.src().equals(src));
      }
    }
    if (after.isEmpty()) {
      ns.routes().removeIf(r -> r.uses(d.name()));
    }
  }

  /** {@code d} came up: the routes of all its addresses are (re)made. */
  public static void deviceUp(NetnsBuilder ns, DeviceBuilder d, Origin origin) {
    for (InetAddr a : List.copyOf(d.addressList())) {
      addressAdded(ns, d, a, origin);
    }
  }

  /**
   * {@code d} went down: every route through it goes, in every table, except routes of type {@code
   * local} (their next hop has scope "nowhere" and survives); a multipath route goes only when all
   * its next hops are down.
   */
  public static void deviceDown(NetnsBuilder ns, DeviceBuilder d) {
    ns.routes()
        .removeIf(
            r ->
                r.type() != RouteType.LOCAL
                    && r.uses(d.name())
                    && r.nextHops().stream()
                        .allMatch(
                            h ->
                                h.dev().equals(d.name())
                                    || ns.device(h.dev()).map(x -> !x.up()).orElse(true)));
  }

  /** {@code d} is unregistered or leaves the namespace: every route through it goes. */
  public static void deviceGone(NetnsBuilder ns, DeviceBuilder d) {
    ns.routes().removeIf(r -> r.uses(d.name()));
    for (InetAddr a : d.addressList()) {
      boolean elsewhere = ns.devices().stream().anyMatch(o -> o != d && o.hasLocal(a.local()));
      if (!elsewhere) {
        Optional<Ipv4Address> src = Optional.of(a.local());
        ns.routes().removeIf(r -> r.src().equals(src));
      }
    }
  }
}
