package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.SharedRouteParts;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's validation of a new route ({@code fib_create_info}, {@code fib_check_nh} in {@code
 * net/ipv4/fib_semantics.c}), with its extended-ack messages. Verified on kernel 6.18:
 *
 * <ul>
 *   <li>a gateway must be matched by a route of scope link or host, in the given table or else
 *       through the rules, on the given device if one is named: {@code Nexthop has invalid
 *       gateway}; the device of that route becomes the next hop's;
 *   <li>{@code onlink} skips that, but needs a device that is up ({@code Nexthop device is not up},
 *       {@code Nexthop device required for onlink});
 *   <li>a device route needs its device up: {@code Device for nexthop is not up};
 *   <li>{@code src} must be local: {@code Invalid prefsrc address};
 *   <li>blackhole/unreachable/prohibit/throw take no device or gateway.
 * </ul>
 */
public final class RouteCheck {

  /** One next hop as the command gave it. */
  public record HopSpec(
      Optional<Ipv4Address> via, Optional<String> dev, int weight, boolean onlink) {}

  /** A route as the command gave it, before validation. */
  public record Request(
      int table,
      RouteType type,
      Prefix destination,
      List<HopSpec> hops,
      boolean multipath,
      Optional<Ipv4Address> src,
      int metric,
      Optional<RouteScope> scope,
      RouteProtocol protocol,
      Origin origin) {}

  private RouteCheck() {}

  /** The scope iproute2 gives a new route when none is named. */
  public static RouteScope defaultScope(RouteType type, List<HopSpec> hops, boolean multipath) {
    switch (type) {
      case LOCAL:
        return RouteScope.HOST;
      case BROADCAST:
      case MULTICAST:
      case ANYCAST:
        return RouteScope.LINK;
      case UNICAST:
        return !multipath && hops.stream().allMatch(h -> h.via().isEmpty())
            ? RouteScope.LINK
            : RouteScope.GLOBAL;
      default:
        return RouteScope.GLOBAL;
    }
  }

  /** The narrowest scope a route type allows ({@code fib_props[].scope}). */
  private static RouteScope typeScope(RouteType type) {
    switch (type) {
      case LOCAL:
        return RouteScope.HOST;
      case BROADCAST:
      case ANYCAST:
        return RouteScope.LINK;
      default:
        return RouteScope.GLOBAL;
    }
  }

  /** Validates {@code req} as the kernel would and builds the route. */
  public static Route create(NetnsBuilder ns, Request req) {
    RouteScope scope = req.scope().orElse(defaultScope(req.type(), req.hops(), req.multipath()));
    if (typeScope(req.type()).value() > scope.value()) {
      throw KernelError.of(Errno.EINVAL, "Invalid scope");
    }
    List<NextHop> hops = new ArrayList<>();
    if (FibTableLookup.error(req.type()).isPresent()) {
      if (req.multipath()
          || req.hops().stream().anyMatch(h -> h.via().isPresent() || h.dev().isPresent())) {
        throw KernelError.of(
            Errno.EINVAL, "Gateway, device and multipath can not be specified for this route type");
      }
    } else if (scope == RouteScope.NOWHERE) {
      throw KernelError.of(Errno.EINVAL, "Invalid scope");
    } else if (scope == RouteScope.HOST) {
      if (req.hops().size() != 1) {
        throw KernelError.of(Errno.EINVAL, "Route with host scope can not have multiple nexthops");
      }
      HopSpec h = req.hops().get(0);
      if (h.via().isPresent()) {
        throw KernelError.of(Errno.EINVAL, "Route with host scope can not have a gateway");
      }
      String dev = h.dev().filter(ns::has).orElseThrow(() -> KernelError.of(Errno.ENODEV));
      hops.add(new NextHop(Optional.empty(), dev, h.weight(), false));
    } else {
      for (HopSpec h : req.hops()) {
        hops.add(checkHop(ns, h, req.table(), scope));
      }
    }
    if (req.src().isPresent() && !validPrefsrc(ns, req)) {
      throw KernelError.of(Errno.EINVAL, "Invalid prefsrc address");
    }
    return new Route(
        req.table(),
        req.type(),
        SharedRouteParts.prefix(req.destination()),
        SharedRouteParts.hops(hops),
        req.src(),
        req.metric(),
        scope,
        req.protocol(),
        req.origin());
  }

  /** {@code fib_check_nh}: validates one next hop and finds its device. */
  public static NextHop checkHop(NetnsBuilder ns, HopSpec h, int table, RouteScope scope) {
    if (h.via().isEmpty()) {
      if (h.onlink()) {
        throw KernelError.of(
            Errno.EINVAL, "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set");
      }
      DeviceBuilder d = h.dev().flatMap(ns::device).orElseThrow(() -> KernelError.of(Errno.ENODEV));
      if (!d.up()) {
        throw KernelError.of(Errno.ENETDOWN, "Device for nexthop is not up");
      }
      return new NextHop(Optional.empty(), d.name(), h.weight(), false);
    }
    Ipv4Address gw = h.via().get();
    if (h.onlink()) {
      if (scope.value() >= RouteScope.LINK.value()) {
        throw KernelError.of(Errno.EINVAL, "Nexthop has invalid scope");
      }
      DeviceBuilder d =
          h.dev()
              .flatMap(ns::device)
              .orElseThrow(
                  () -> KernelError.of(Errno.ENODEV, "Nexthop device required for onlink"));
      if (!d.up()) {
        throw KernelError.of(Errno.ENETDOWN, "Nexthop device is not up");
      }
      if (FibTableLookup.addrType(ns, gw, TableIds.LOCAL, Optional.of(d.name()))
          != RouteType.UNICAST) {
        throw KernelError.of(Errno.EINVAL, "Nexthop has invalid gateway");
      }
      return new NextHop(Optional.of(gw), d.name(), h.weight(), true);
    }
    int minScope = Math.max(scope.value() + 1, RouteScope.LINK.value());
    FibTableLookup.Outcome o = new FibTableLookup.Failed(Errno.EAGAIN);
    if (table != TableIds.MAIN && table != TableIds.UNSPEC) {
      o = FibTableLookup.table(ns.routes().candidates(table, gw), gw, minScope, h.dev());
    }
    if (!(o instanceof FibTableLookup.Found)) {
      o = FibTableLookup.full(ns, gw, minScope, h.dev());
    }
    if (o instanceof FibTableLookup.Failed f) {
      Errno e = f.errno() == Errno.EAGAIN ? Errno.ENETUNREACH : f.errno();
      throw KernelError.of(e, "Nexthop has invalid gateway");
    }
    FibTableLookup.Found found = (FibTableLookup.Found) o;
    RouteType t = found.route().type();
    if (t != RouteType.UNICAST && t != RouteType.LOCAL) {
      throw KernelError.of(Errno.EINVAL, "Nexthop has invalid gateway");
    }
    DeviceBuilder d = ns.device(found.hop().dev()).orElseThrow(() -> KernelError.of(Errno.ENODEV));
    if (!d.up()) {
      throw KernelError.of(Errno.ENETDOWN);
    }
    return new NextHop(Optional.of(gw), d.name(), h.weight(), false);
  }

  /** {@code fib_valid_prefsrc}. */
  private static boolean validPrefsrc(NetnsBuilder ns, Request req) {
    Ipv4Address src = req.src().get();
    if (req.type() == RouteType.LOCAL
        && !req.destination().network().isAny()
        && src.equals(req.destination().network())) {
      return true;
    }
    int tb = req.table() == TableIds.MAIN ? TableIds.LOCAL : req.table();
    RouteType rc = FibTableLookup.addrType(ns, src, tb, Optional.empty());
    if (rc != RouteType.LOCAL && tb != TableIds.LOCAL) {
      rc = FibTableLookup.addrType(ns, src, TableIds.LOCAL, Optional.empty());
    }
    return rc == RouteType.LOCAL;
  }
}
