package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.Netns;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A route lookup on the immutable model, as {@code fib_lookup} does it for an unmarked packet: the
 * {@code ip rule}s in order (from, to, iif, not; a fwmark selector against mark 0), then longest
 * prefix and lowest metric in the table, {@code throw} going on with the next rule. What it cannot
 * decide without the packet's whole context (an {@code oif} selector) it says is unknown, and the
 * checks then conclude nothing.
 *
 * <pre>{@code
 * Fib.lookup(router, Ipv4Address.parse("10.1.2.2"), Optional.empty(), "lo")   // Hit(10.1.2.0/24 dev v2_r ...)
 * }</pre>
 */
final class Fib {

  private Fib() {}

  /** What a lookup found. */
  sealed interface Result {}

  /**
   * A route matched: unicast, local, broadcast, or one that drops (blackhole, unreachable,
   * prohibit).
   */
  record Hit(Route route) implements Result {
    /**
     * Whether the route sends packets on (unicast), as opposed to dropping them or keeping them.
     */
    boolean forwards() {
      return route.type() == RouteType.UNICAST;
    }

    /** Whether the route drops what matches it. */
    boolean drops() {
      return route.type() == RouteType.BLACKHOLE
          || route.type() == RouteType.UNREACHABLE
          || route.type() == RouteType.PROHIBIT;
    }

    boolean local() {
      return route.type() == RouteType.LOCAL;
    }
  }

  /** A rule refused the lookup ({@code ip rule add ... unreachable}). */
  record Refused(RoutingRule rule) implements Result {}

  /** No route: the kernel's "Network is unreachable". */
  record Miss() implements Result {}

  /** The lookup depends on what the model cannot say here. */
  record Unknown(String why) implements Result {}

  /**
   * The route {@code ns} picks for {@code dst}, from {@code src} (empty: not chosen yet, as for a
   * locally generated packet) received on {@code iif} ({@code lo} for a local one).
   */
  static Result lookup(Netns ns, Ipv4Address dst, Optional<Ipv4Address> src, String iif) {
    Objects.requireNonNull(dst, "dst");
    List<RoutingRule> rules = ns.routing().rules();
    int hops = 0;
    for (int k = 0; k < rules.size(); k++) {
      RoutingRule rule = rules.get(k);
      if (rule.oif().isPresent()) {
        return new Unknown("rule " + rule + " selects by output device");
      }
      if (!matches(rule, dst, src, iif)) {
        continue;
      }
      RoutingRule.Action a = rule.action();
      if (a instanceof RoutingRule.Action.Lookup l) {
        for (Route r : ns.routing().table(l.table()).matches(dst)) {
          if (r.type() == RouteType.THROW) {
            break;
          }
          if (r.type() == RouteType.MULTICAST || r.type() == RouteType.ANYCAST) {
            return new Unknown(r.type().keyword() + " route " + r);
          }
          return new Hit(r);
        }
      } else if (a instanceof RoutingRule.Action.Fail) {
        return new Refused(rule);
      } else if (a instanceof RoutingRule.Action.Goto g) {
        if (++hops > rules.size()) {
          return new Unknown("goto loop at rule " + rule);
        }
        int target = g.priority();
        int next = -1;
        for (int j = k + 1; j < rules.size(); j++) {
          if (rules.get(j).priority() >= target) {
            next = j;
            break;
          }
        }
        if (next < 0) {
          return new Miss();
        }
        k = next - 1;
      }
    }
    return new Miss();
  }

  /** A lookup for a packet this namespace sends itself. */
  static Result output(Netns ns, Ipv4Address dst) {
    return lookup(ns, dst, Optional.empty(), "lo");
  }

  private static boolean matches(
      RoutingRule r, Ipv4Address dst, Optional<Ipv4Address> src, String iif) {
    boolean m = true;
    if (r.from().isPresent() && !r.from().get().isDefault()) {
      m = src.map(s -> r.from().get().contains(s)).orElse(false);
    }
    if (m && r.to().isPresent()) {
      m = r.to().get().contains(dst);
    }
    if (m && r.iif().isPresent()) {
      m = r.iif().get().equals(iif);
    }
    if (m && r.fwmark().isPresent()) {
      m = r.fwmark().get().matches(0);
    }
    return m != r.invert();
  }
}
