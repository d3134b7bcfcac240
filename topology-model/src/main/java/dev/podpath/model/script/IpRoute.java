package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.RouteCheck;
import dev.podpath.model.build.RouteTables;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code ip route add|append|prepend|replace|change|delete|flush|get|show}. Adding validates the
 * route as the kernel does ({@link RouteCheck}); deleting removes the first route that matches what
 * was given ({@code fib_table_delete}).
 */
final class IpRoute {

  private IpRoute() {}

  static void run(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (Keywords.matches(cmd, "add")) {
      add(ex, a, RouteTables.Mode.ADD);
    } else if (Keywords.matches(cmd, "change") || cmd.equals("chg")) {
      add(ex, a, RouteTables.Mode.CHANGE);
    } else if (Keywords.matches(cmd, "replace")) {
      add(ex, a, RouteTables.Mode.REPLACE);
    } else if (Keywords.matches(cmd, "prepend")) {
      add(ex, a, RouteTables.Mode.PREPEND);
    } else if (Keywords.matches(cmd, "append")) {
      add(ex, a, RouteTables.Mode.APPEND);
    } else if (Keywords.matches(cmd, "test")) {
      a.skipRest();
    } else if (Keywords.matches(cmd, "delete")) {
      delete(ex, a);
    } else if (Keywords.matches(cmd, "list")
        || Keywords.matches(cmd, "show")
        || cmd.equals("lst")
        || Keywords.matches(cmd, "help")) {
      a.skipRest();
    } else if (Keywords.matches(cmd, "get")) {
      Probes.routeGet(ex, a);
    } else if (Keywords.matches(cmd, "flush")) {
      flush(ex, a);
    } else if (Keywords.matches(cmd, "save")
        || Keywords.matches(cmd, "restore")
        || cmd.equals("showdump")) {
      throw new CommandError("ip route " + cmd + " is not supported by podpath");
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip route help\".");
    }
  }

  /** The table iproute2 picks when none is named: {@code local} for local/broadcast/anycast. */
  static int defaultTable(Optional<RouteType> type) {
    RouteType t = type.orElse(RouteType.UNICAST);
    return t == RouteType.LOCAL || t == RouteType.BROADCAST || t == RouteType.ANYCAST
        ? TableIds.LOCAL
        : TableIds.MAIN;
  }

  private static void checkDevices(Exec ex, RouteArgs r) {
    for (RouteCheck.HopSpec h : r.hops) {
      h.dev().ifPresent(ex::device);
    }
  }

  private static void add(Exec ex, Args a, RouteTables.Mode mode) {
    RouteArgs r = RouteArgs.parse(ex, a);
    if (r.ipv6) {
      ex.notModelled("IPv6 is not modelled: podpath ignores this command");
      return;
    }
    if (r.destination == null) {
      throw new CommandError("Not enough information: \"to\" argument is required.");
    }
    checkDevices(ex, r);
    RouteCheck.Request req =
        new RouteCheck.Request(
            r.table.orElse(defaultTable(r.type)),
            r.type.orElse(RouteType.UNICAST),
            r.destination,
            r.hops,
            r.multipath,
            r.src,
            r.metric.orElse(0L).intValue(),
            r.scope,
            r.protocol.orElse(RouteProtocol.BOOT),
            ex.origin());
    Route route = RouteCheck.create(ex.ns(), req);
    ex.ns().routes().insert(route, mode);
    ex.changed();
  }

  private static void delete(Exec ex, Args a) {
    RouteArgs r = RouteArgs.parse(ex, a);
    if (r.ipv6) {
      ex.notModelled("IPv6 is not modelled: podpath ignores this command");
      return;
    }
    if (r.destination == null) {
      throw new CommandError("Not enough information: \"to\" argument is required.");
    }
    checkDevices(ex, r);
    ex.ns().routes().delete(r.table.orElse(defaultTable(r.type)), r.destination, matcher(r));
    ex.changed();
  }

  /** {@code fib_table_delete}'s test: every attribute given must match; the rest is wildcard. */
  static Predicate<Route> matcher(RouteArgs r) {
    return route ->
        r.type.map(t -> route.type() == t).orElse(true)
            && r.scope.map(s -> route.scope() == s).orElse(true)
            && r.src.map(s -> route.src().equals(Optional.of(s))).orElse(true)
            && r.protocol.map(p -> route.protocol().equals(p)).orElse(true)
            && r.metric.map(m -> m == 0 || route.metric() == m.intValue()).orElse(true)
            && hopsMatch(r, route);
  }

  private static boolean hopsMatch(RouteArgs r, Route route) {
    if (r.multipath) {
      if (route.nextHops().size() != r.hops.size()) {
        return false;
      }
      for (int k = 0; k < r.hops.size(); k++) {
        if (!hopMatches(r.hops.get(k), route.nextHops().get(k))) {
          return false;
        }
      }
      return true;
    }
    RouteCheck.HopSpec h = r.hops.get(0);
    if (h.via().isEmpty() && h.dev().isEmpty()) {
      return true;
    }
    return route.firstHop().map(nh -> hopMatches(h, nh)).orElse(false);
  }

  private static boolean hopMatches(RouteCheck.HopSpec h, NextHop nh) {
    return h.dev().map(d -> d.equals(nh.dev())).orElse(true)
        && h.via().map(v -> nh.via().equals(Optional.of(v))).orElse(true);
  }

  /** {@code ip route flush SELECTOR}: removes every matching route, without complaint if none. */
  private static void flush(Exec ex, Args a) {
    if (!a.hasNext()) {
      throw new CommandError("\"ip route flush\" requires arguments.");
    }
    Predicate<Route> p = route -> true;
    Integer table = TableIds.MAIN;
    while (a.hasNext()) {
      String k = a.next();
      if (Keywords.matches(k, "table")) {
        String v = a.value();
        table = v.equals("all") ? null : RouteArgs.table(v);
      } else if (k.equals("cache")) {
        a.skipRest();
        ex.notModelled(
            "ip route flush cache: podpath keeps the path-MTU exceptions a run has learned"
                + " (the kernel forgets them here)");
        return;
      } else if (k.equals("dev") || k.equals("oif")) {
        String dev = ex.device(a.value()).name();
        p = p.and(route -> route.uses(dev));
      } else if (k.equals("via")) {
        Optional<Ipv4Address> via = Optional.of(Args.address(a.value()));
        p = p.and(route -> route.nextHops().stream().anyMatch(h -> h.via().equals(via)));
      } else if (k.equals("src")) {
        Optional<Ipv4Address> src = Optional.of(Args.address(a.value()));
        p = p.and(route -> route.src().equals(src));
      } else if (Keywords.matches(k, "protocol")) {
        RouteProtocol proto = RouteArgs.protocol(a.value());
        p = p.and(route -> route.protocol().equals(proto));
      } else if (Keywords.matches(k, "scope")) {
        String v = a.value();
        RouteScope s =
            RouteScope.parse(v)
                .orElseThrow(() -> CommandError.invarg("invalid \"scope\" value", v));
        p = p.and(route -> route.scope() == s);
      } else if (k.equals("type")) {
        String v = a.value();
        RouteType t =
            RouteType.parse(v).orElseThrow(() -> CommandError.invarg("invalid \"type\" value", v));
        p = p.and(route -> route.type() == t);
      } else {
        if (k.equals("to")) {
          k = a.value();
        }
        if (Keywords.matches(k, "root")) {
          Prefix root = Args.prefix(a.value());
          p = p.and(route -> root.contains(route.destination()));
        } else if (Keywords.matches(k, "match")) {
          Prefix m = Args.prefix(a.value());
          p = p.and(route -> route.destination().contains(m));
        } else {
          if (Keywords.matches(k, "exact")) {
            k = a.value();
          }
          Prefix exact = Args.prefix(k);
          p = p.and(route -> route.destination().equals(exact));
        }
      }
    }
    Integer t = table;
    Predicate<Route> sel = p;
    ex.ns().routes().removeIf(route -> (t == null || route.table() == t) && sel.test(route));
    ex.changed();
  }
}
