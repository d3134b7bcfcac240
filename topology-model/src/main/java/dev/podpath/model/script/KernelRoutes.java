package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The routes the kernel makes and removes by itself when addresses and devices change ({@code
 * fib_add_ifaddr}, {@code fib_del_ifaddr}, {@code fib_sync_down_dev}, {@code fib_sync_down_addr} in
 * {@code net/ipv4/fib_frontend.c} and {@code fib_semantics.c}).
 *
 * <p>Verified on kernel 6.18 (see the tests): every address gets {@code local A dev D table local
 * proto kernel scope host src P} (P = the primary address of its subnet); while D is up a primary
 * address also gets its connected route in {@code main} (type {@code local} in table {@code local}
 * for {@code lo}) unless it is a /32 without peer, and {@code broadcast <subnet|~mask>} in {@code
 * local} when the prefix is shorter than 31; an explicit {@code brd} adds its own broadcast route.
 * No broadcast route for the network address is made on this kernel.
 */
final class KernelRoutes {

  static final String KERNEL = "kernel";

  private KernelRoutes() {}

  /** The routes {@code fib_add_ifaddr} makes for address {@code a} of device {@code d}. */
  static List<Route> of(DeviceState d, InetAddr a, Origin origin) {
    InetAddr prim = d.primaryFor(a);
    Optional<Ipv4Address> src = Optional.of(prim.local());
    List<NextHop> hop = List.of(NextHop.dev(d.name));
    List<Route> out = new ArrayList<>();
    out.add(
        new Route(
            TableIds.LOCAL,
            RouteType.LOCAL,
            Prefix.of(a.local(), 32),
            hop,
            src,
            0,
            RouteScope.HOST,
            KERNEL,
            origin));
    if (!d.up) {
      return out;
    }
    a.ifa()
        .broadcast()
        .filter(b -> !b.isLimitedBroadcast() && !b.isAny())
        .ifPresent(b -> out.add(broadcast(b, hop, src, origin)));
    Prefix prefix = a.prefix();
    boolean zeronet = (prefix.network().bits() >>> 24) == 0;
    if (!zeronet
        && !a.secondary()
        && (!prefix.network().equals(a.local()) || a.prefixLength() < 32)) {
      if (!a.noPrefixRoute()) {
        boolean lo = d.isLoopback();
        out.add(
            new Route(
                lo ? TableIds.LOCAL : TableIds.MAIN,
                lo ? RouteType.LOCAL : RouteType.UNICAST,
                prefix,
                hop,
                src,
                (int) a.metric(),
                lo ? RouteScope.HOST : RouteScope.LINK,
                KERNEL,
                origin));
      }
      if (a.prefixLength() < 31) {
        out.add(broadcast(prefix.broadcast(), hop, src, origin));
      }
    }
    return out;
  }

  private static Route broadcast(
      Ipv4Address b, List<NextHop> hop, Optional<Ipv4Address> src, Origin o) {
    return new Route(
        TableIds.LOCAL,
        RouteType.BROADCAST,
        Prefix.of(b, 32),
        hop,
        src,
        0,
        RouteScope.LINK,
        KERNEL,
        o);
  }

  /** An address was added to {@code d}. */
  static void addressAdded(NetnsState ns, DeviceState d, InetAddr a, Origin origin) {
    for (Route r : of(d, a, origin)) {
      ns.routes.insertKernel(r);
    }
  }

  /**
   * Addresses were removed from {@code d} (whose address list is already updated): the kernel
   * routes no remaining address needs go, routes preferring a source that is no longer local go
   * ({@code fib_sync_down_addr}), and when {@code d} has no address left every route through it
   * goes ({@code fib_disable_ip}).
   */
  static void addressesRemoved(NetnsState ns, DeviceState d, List<InetAddr> before, Origin origin) {
    List<InetAddr> after = List.copyOf(d.addrs);
    d.addrs.clear();
    d.addrs.addAll(before);
    List<Route> old = new ArrayList<>();
    for (InetAddr a : before) {
      old.addAll(of(d, a, origin));
    }
    d.addrs.clear();
    d.addrs.addAll(after);
    List<Route> kept = new ArrayList<>();
    for (InetAddr a : after) {
      kept.addAll(of(d, a, origin));
    }
    for (Route r : old) {
      if (kept.stream().noneMatch(k -> RouteTables.identical(k, r))) {
        ns.routes.removeIdentical(r);
      }
    }
    for (InetAddr gone : before) {
      if (!after.contains(gone) && !ns.ownsAddress(gone.local())) {
        Optional<Ipv4Address> src = Optional.of(gone.local());
        ns.routes.removeIf(r -> r.src().equals(src));
      }
    }
    if (after.isEmpty()) {
      ns.routes.removeIf(r -> r.uses(d.name));
    }
  }

  /** {@code d} came up: the routes of all its addresses are (re)made. */
  static void deviceUp(NetnsState ns, DeviceState d, Origin origin) {
    for (InetAddr a : List.copyOf(d.addrs)) {
      addressAdded(ns, d, a, origin);
    }
  }

  /**
   * {@code d} went down: every route through it goes, in every table, except routes of type {@code
   * local} (their next hop has scope "nowhere" and survives); a multipath route goes only when all
   * its next hops are down.
   */
  static void deviceDown(NetnsState ns, DeviceState d) {
    ns.routes.removeIf(
        r ->
            r.type() != RouteType.LOCAL
                && r.uses(d.name)
                && r.nextHops().stream()
                    .allMatch(
                        h ->
                            h.dev().equals(d.name)
                                || ns.device(h.dev()).map(x -> !x.up).orElse(true)));
  }

  /** {@code d} is unregistered or leaves the namespace: every route through it goes. */
  static void deviceGone(NetnsState ns, DeviceState d) {
    ns.routes.removeIf(r -> r.uses(d.name));
    for (InetAddr a : d.addrs) {
      boolean elsewhere = ns.devices().stream().anyMatch(o -> o != d && o.hasLocal(a.local()));
      if (!elsewhere) {
        Optional<Ipv4Address> src = Optional.of(a.local());
        ns.routes.removeIf(r -> r.src().equals(src));
      }
    }
  }
}
