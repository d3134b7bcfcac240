package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The route lookups the kernel does while it checks configuration: {@code fib_table_lookup} in one
 * table and {@code fib_lookup} through the rules, for a flow with a minimum route scope and an
 * optional output device, and {@code inet_addr_type_table}. (Lookups for packets are the
 * simulator's business; these only decide whether a command is accepted.)
 */
public final class FibTableLookup {

  /** The result of a lookup. */
  public sealed interface Outcome {}

  public record Found(Route route, NextHop hop) implements Outcome {}

  public record Failed(Errno errno) implements Outcome {}

  private FibTableLookup() {}

  /** {@code fib_table_lookup}: longest prefix, lowest metric, skipping routes of narrower scope. */
  public static Outcome table(
      List<Route> routes, Ipv4Address dst, int minScope, Optional<String> oif) {
    List<Route> candidates = new ArrayList<>();
    for (Route r : routes) {
      if (r.destination().contains(dst)) {
        candidates.add(r);
      }
    }
    candidates.sort(
        Comparator.comparingInt((Route r) -> -r.destination().length())
            .thenComparingLong(r -> Integer.toUnsignedLong(r.metric())));
    for (Route r : candidates) {
      if (r.scope().value() < minScope) {
        continue;
      }
      Optional<Errno> err = error(r.type());
      if (err.isPresent()) {
        return new Failed(err.get());
      }
      for (NextHop h : r.nextHops()) {
        if (oif.isEmpty() || oif.get().equals(h.dev())) {
          return new Found(r, h);
        }
      }
    }
    return new Failed(Errno.EAGAIN);
  }

  /** {@code fib_lookup} for a locally generated flow (source 0.0.0.0, iif lo, mark 0). */
  public static Outcome full(NetnsBuilder ns, Ipv4Address dst, int minScope, Optional<String> oif) {
    List<RoutingRule> rules = ns.rules().rules();
    for (int k = 0; k < rules.size(); k++) {
      RoutingRule rule = rules.get(k);
      if (!matches(ns, rule, dst, oif)) {
        continue;
      }
      RoutingRule.Action a = rule.action();
      if (a instanceof RoutingRule.Action.Lookup l) {
        Outcome o = table(ns.routes().candidates(l.table(), dst), dst, minScope, oif);
        if (o instanceof Found || ((Failed) o).errno() != Errno.EAGAIN) {
          return o;
        }
      } else if (a instanceof RoutingRule.Action.Fail f) {
        return new Failed(error(f.type()).orElse(Errno.EINVAL));
      } else if (a instanceof RoutingRule.Action.Goto g) {
        for (int j = k + 1; j < rules.size(); j++) {
          if (rules.get(j).priority() == g.priority()) {
            k = j - 1;
            break;
          }
        }
      }
    }
    return new Failed(Errno.ENETUNREACH);
  }

  private static boolean matches(
      NetnsBuilder ns, RoutingRule r, Ipv4Address dst, Optional<String> oif) {
    boolean m =
        r.from().map(p -> p.contains(Ipv4Address.ANY)).orElse(true)
            && r.to().map(p -> p.contains(dst)).orElse(true)
            && r.iif().map(i -> i.equals("lo") && ns.has("lo")).orElse(true)
            && r.oif().map(o -> oif.filter(o::equals).isPresent() && ns.has(o)).orElse(true)
            && r.fwmark().map(f -> f.matches(0)).orElse(true);
    return r.invert() != m;
  }

  /** The errno a route type makes a lookup fail with ({@code fib_props[].error}). */
  public static Optional<Errno> error(RouteType type) {
    switch (type) {
      case BLACKHOLE:
        return Optional.of(Errno.EINVAL);
      case UNREACHABLE:
        return Optional.of(Errno.EHOSTUNREACH);
      case PROHIBIT:
        return Optional.of(Errno.EACCES);
      case THROW:
        return Optional.of(Errno.EAGAIN);
      default:
        return Optional.empty();
    }
  }

  /**
   * {@code inet_addr_type_table(main)}: while no rule was ever changed the kernel keeps the local
   * table merged into main, so local and broadcast routes count too (verified: {@code route add
   * default gw OWN_ADDRESS} gets scope link on kernel 6.18).
   */
  public static RouteType addrTypeMain(NetnsBuilder ns, Ipv4Address addr) {
    if (ns.rules().custom()) {
      return addrType(ns, addr, TableIds.MAIN, Optional.empty());
    }
    if (addr.isAny() || addr.isLimitedBroadcast()) {
      return RouteType.BROADCAST;
    }
    List<Route> merged = new ArrayList<>(ns.routes().candidates(TableIds.MAIN, addr));
    merged.addAll(ns.routes().candidates(TableIds.LOCAL, addr));
    Outcome o = table(merged, addr, 0, Optional.empty());
    return o instanceof Found f ? f.route().type() : RouteType.UNICAST;
  }

  /**
   * {@code inet_addr_type_table} (and {@code _dev_table} when {@code dev} is given): the type of
   * the route {@code addr} matches in {@code table}; unicast when none (or another device's).
   */
  public static RouteType addrType(
      NetnsBuilder ns, Ipv4Address addr, int table, Optional<String> dev) {
    if (addr.isAny() || addr.isLimitedBroadcast()) {
      return RouteType.BROADCAST;
    }
    if (addr.isMulticast()) {
      return RouteType.MULTICAST;
    }
    Outcome o = table(ns.routes().candidates(table, addr), addr, 0, Optional.empty());
    if (o instanceof Found f && dev.map(d -> d.equals(f.hop().dev())).orElse(true)) {
      return f.route().type();
    }
    return RouteType.UNICAST;
  }

  /** Whether {@code addr} is a local address of the namespace (its local table says so). */
  public static boolean isLocal(NetnsBuilder ns, Ipv4Address addr) {
    return addrType(ns, addr, TableIds.LOCAL, Optional.empty()) == RouteType.LOCAL;
  }
}
