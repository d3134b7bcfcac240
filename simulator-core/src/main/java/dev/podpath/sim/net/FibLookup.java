package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's {@code fib_lookup}: walk the {@code ip rule}s in priority order, look the
 * destination up in each table a matching rule names (longest prefix, then metric), and stop at the
 * first route that is not {@code throw}. See kernel-semantics.md section 5.
 *
 * <p>Pure: it reads only the model.
 */
public final class FibLookup {

  private FibLookup() {}

  /**
   * What a lookup is about.
   *
   * @param dst destination
   * @param src source ({@link Ipv4Address#ANY} when not yet chosen)
   * @param iif input device name; {@code lo} for locally generated packets
   * @param oif output device the caller insists on, if any
   * @param mark the packet mark (fwmark)
   * @param minScope routes with a narrower scope value than this are skipped
   */
  public record Key(
      Ipv4Address dst,
      Ipv4Address src,
      String iif,
      Optional<String> oif,
      long mark,
      RouteScope minScope) {
    public static Key output(Ipv4Address dst, Ipv4Address src, long mark) {
      return new Key(dst, src, "lo", Optional.empty(), mark, RouteScope.GLOBAL);
    }

    public static Key input(Ipv4Address dst, Ipv4Address src, String iif, long mark) {
      return new Key(dst, src, iif, Optional.empty(), mark, RouteScope.GLOBAL);
    }
  }

  public static FibResult lookup(Netns ns, Key key) {
    List<RoutingRule> rules = ns.routing().rules();
    List<Integer> tried = new ArrayList<>();
    int i = 0;
    while (i < rules.size()) {
      RoutingRule rule = rules.get(i);
      i++;
      if (!matches(rule, key)) {
        continue;
      }
      RoutingRule.Action action = rule.action();
      if (action instanceof RoutingRule.Action.Lookup l) {
        tried.add(l.table());
        Optional<FibResult> r = lookupTable(ns.routing().table(l.table()), rule, key, tried);
        if (r.isPresent()) {
          return r.get();
        }
      } else if (action instanceof RoutingRule.Action.Fail f) {
        return new FibResult.Failed(
            errnoOf(f.type()), Optional.of(rule), Optional.empty(), List.copyOf(tried));
      } else if (action instanceof RoutingRule.Action.Goto g) {
        int target = g.priority();
        int j = 0;
        while (j < rules.size() && rules.get(j).priority() < target) {
          j++;
        }
        i = Math.max(i, j);
      } else if (action instanceof RoutingRule.Action.Nop) {
        continue;
      } else {
        throw new AssertionError(action);
      }
    }
    return new FibResult.Failed(
        Errno.ENETUNREACH, Optional.empty(), Optional.empty(), List.copyOf(tried));
  }

  /** A route of {@code table} for the key; empty means "continue with the next rule". */
  private static Optional<FibResult> lookupTable(
      RouteTable table, RoutingRule rule, Key key, List<Integer> tried) {
    for (Route route : table.matches(key.dst())) {
      if (route.scope().value() < key.minScope().value()) {
        continue;
      }
      switch (route.type()) {
        case THROW:
          return Optional.empty();
        case BLACKHOLE:
        case UNREACHABLE:
        case PROHIBIT:
          return Optional.of(
              new FibResult.Failed(
                  errnoOf(route.type()),
                  Optional.of(rule),
                  Optional.of(route),
                  List.copyOf(tried)));
        default:
          break;
      }
      Optional<NextHop> hop = route.firstHop();
      if (key.oif().isPresent()) {
        hop = route.nextHops().stream().filter(h -> h.dev().equals(key.oif().get())).findFirst();
        if (hop.isEmpty() && route.type() != dev.podpath.model.route.RouteType.LOCAL) {
          continue;
        }
      }
      return Optional.of(new FibResult.Found(rule, route, hop, route.nextHops().size() > 1));
    }
    return Optional.empty();
  }

  static Errno errnoOf(dev.podpath.model.route.RouteType type) {
    switch (type) {
      case BLACKHOLE:
        return Errno.EINVAL;
      case UNREACHABLE:
        return Errno.EHOSTUNREACH;
      case PROHIBIT:
        return Errno.EACCES;
      default:
        return Errno.ENETUNREACH;
    }
  }

  static boolean matches(RoutingRule rule, Key key) {
    boolean m =
        rule.from().map(p -> p.contains(key.src())).orElse(true)
            && rule.to().map(p -> p.contains(key.dst())).orElse(true)
            && rule.iif().map(d -> d.equals(key.iif())).orElse(true)
            && rule.oif().map(d -> key.oif().map(d::equals).orElse(false)).orElse(true)
            && rule.fwmark().map(f -> f.matches(key.mark())).orElse(true);
    return rule.invert() != m;
  }
}
