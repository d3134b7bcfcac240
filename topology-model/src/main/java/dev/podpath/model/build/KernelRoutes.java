package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
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
 * <p>Verified on kernel 6.18 (see the interpreter's KernelRoutesTest); the interpreter makes them
 * as a script adds addresses and brings devices up and down ({@code model.script.FibFrontend}), a
 * snapshot whose route dump lacks them makes them from the dumped addresses: every address gets
 * {@code local A dev D table local proto kernel scope host src P} (P = the primary address of its
 * subnet); while D is up a primary address also gets its connected route in {@code main} (type
 * {@code local} in table {@code local} for {@code lo}) unless it is a /32 without peer, and {@code
 * broadcast <subnet|~mask>} in {@code local} when the prefix is shorter than 31; an explicit {@code
 * brd} adds its own broadcast route. No broadcast route for the network address is made on this
 * kernel.
 */
public final class KernelRoutes {

  /** The protocol of the routes the kernel makes ({@code proto kernel}). */
  public static final RouteProtocol KERNEL = RouteProtocol.KERNEL;

  private KernelRoutes() {}

  /**
   * The routes {@code fib_add_ifaddr} makes for address {@code a} of device {@code dev} (whose
   * addresses, {@code a} among them, are {@code addrs}): an identical route is made once.
   */
  public static List<Route> of(
      String dev, boolean loopback, boolean up, List<InetAddr> addrs, InetAddr a, Origin origin) {
    InetAddr prim = InetAddr.primaryFor(addrs, a);
    Optional<Ipv4Address> src = Optional.of(prim.local());
    List<NextHop> hop = List.of(NextHop.dev(dev));
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
    if (!up) {
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
        boolean lo = loopback;
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
    return out.stream().distinct().toList();
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
}
