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
    int[] tried = new int[4]; // the tables looked up so far, for a failure's evidence (no boxing)
    int triedCount = 0;
    int i = 0;
    while (i < rules.size()) {
      RoutingRule rule = rules.get(i);
      i++;
      if (!matches(rule, key)) {
        continue;
      }
      RoutingRule.Action action = rule.action();
      if (action instanceof RoutingRule.Action.Lookup l) {
        if (triedCount == tried.length) {
          tried = java.util.Arrays.copyOf(tried, triedCount * 2);
        }
        tried[triedCount++] = l.table();
        FibResult r = lookupTable(ns.routing().table(l.table()), rule, key, tried, triedCount);
        if (r != null) {
          return r;
        }
      } else if (action instanceof RoutingRule.Action.Fail f) {
        return new FibResult.Failed(
            errnoOf(f.type()), Optional.of(rule), Optional.empty(), list(tried, triedCount));
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
        Errno.ENETUNREACH, Optional.empty(), Optional.empty(), list(tried, triedCount));
  }

  private static List<Integer> list(int[] values, int count) {
    List<Integer> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      out.add(values[k]);
    }
    return List.copyOf(out);
  }

  /** A route of {@code table} for the key; null means "continue with the next rule". */
  private static FibResult lookupTable(
      RouteTable table, RoutingRule rule, Key key, int[] tried, int triedCount) {
    for (Route route : table.matches(key.dst())) {
      if (route.scope().value() < key.minScope().value()) {
        continue;
      }
      switch (route.type()) {
        case THROW:
          return null;
        case BLACKHOLE:
        case UNREACHABLE:
        case PROHIBIT:
          return new FibResult.Failed(
              errnoOf(route.type()),
              Optional.of(rule),
              Optional.of(route),
              list(tried, triedCount));
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
      return new FibResult.Found(rule, route, hop, route.nextHops().size() > 1);
    }
    return null;
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

  // no Optional chains: every lookup asks every rule (one lambda each was allocated per call)
  static boolean matches(RoutingRule rule, Key key) {
    boolean m =
        (rule.from().isEmpty() || rule.from().get().contains(key.src()))
            && (rule.to().isEmpty() || rule.to().get().contains(key.dst()))
            && (rule.iif().isEmpty() || rule.iif().get().equals(key.iif()))
            && (rule.oif().isEmpty()
                || (key.oif().isPresent() && rule.oif().get().equals(key.oif().get())))
            && (rule.fwmark().isEmpty() || rule.fwmark().get().matches(key.mark()));
    return rule.invert() != m;
  }
}
