package dev.podpath.model.script;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A namespace's routing tables while the script runs, with {@code fib_table_insert} and
 * {@code fib_table_delete} semantics: the key of a route is (table, prefix, metric); {@code add}
 * refuses a second route with the same key, {@code append}/{@code prepend} refuse only an
 * identical one, {@code replace} and {@code change} replace the first route with the key.
 *
 * <p>Each table is kept in insertion order; {@link RouteTable} later sorts equal prefixes by
 * metric, stably, which is the kernel's order.
 */
final class RouteTables {

  /** The {@code NLM_F_*} flag combinations of {@code ip route add|append|prepend|replace|change}. */
  enum Mode {
    ADD,
    APPEND,
    PREPEND,
    REPLACE,
    CHANGE
  }

  private final Map<Integer, List<Route>> tables = new TreeMap<>();

  List<Route> table(int id) {
    return tables.computeIfAbsent(id, k -> new ArrayList<>());
  }

  /** Whether two routes are the same {@code fib_alias}: equal in everything but origin. */
  static boolean identical(Route a, Route b) {
    return a.table() == b.table() && a.type() == b.type() && a.destination().equals(b.destination())
        && a.nextHops().equals(b.nextHops()) && a.src().equals(b.src()) && a.metric() == b.metric()
        && a.scope() == b.scope() && a.protocol().equals(b.protocol());
  }

  private static boolean sameKey(Route a, Route b) {
    return a.destination().equals(b.destination()) && a.metric() == b.metric();
  }

  void insert(Route r, Mode mode) {
    List<Route> t = table(r.table());
    int first = -1;
    int identical = -1;
    for (int k = 0; k < t.size(); k++) {
      if (sameKey(t.get(k), r)) {
        if (first < 0) {
          first = k;
        }
        if (identical < 0 && identical(t.get(k), r)) {
          identical = k;
        }
      }
    }
    if (first >= 0) {
      switch (mode) {
        case ADD:
          throw KernelError.of(Errno.EEXIST);
        case REPLACE:
        case CHANGE:
          if (identical >= 0) {
            if (identical == first) {
              return;
            }
            throw KernelError.of(Errno.EEXIST);
          }
          t.set(first, r);
          return;
        case PREPEND:
          if (identical >= 0) {
            throw KernelError.of(Errno.EEXIST);
          }
          t.add(first, r);
          return;
        default:
          if (identical >= 0) {
            throw KernelError.of(Errno.EEXIST);
          }
          t.add(r);
          return;
      }
    }
    if (mode == Mode.CHANGE) {
      throw KernelError.of(Errno.ENOENT);
    }
    t.add(r);
  }

  /** Inserts a route the kernel makes itself ({@code fib_magic}: create|append, EEXIST ignored). */
  void insertKernel(Route r) {
    try {
      insert(r, Mode.APPEND);
    } catch (KernelError e) {
      // an identical route is already there
    }
  }

  /** Routes of {@code table} for exactly {@code prefix}, in the kernel's order (metric, then age). */
  List<Route> exact(int table, Prefix prefix) {
    List<Route> out = new ArrayList<>();
    for (Route r : table(table)) {
      if (r.destination().equals(prefix)) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparingLong(r -> Integer.toUnsignedLong(r.metric())));
    return out;
  }

  /** Deletes the first route (kernel order) for {@code prefix} that {@code match} accepts. */
  Route delete(int table, Prefix prefix, Predicate<Route> match) {
    for (Route r : exact(table, prefix)) {
      if (match.test(r)) {
        removeInstance(table(table), r);
        return r;
      }
    }
    throw KernelError.of(Errno.ESRCH);
  }

  /** Removes every route that {@code p} accepts, in all tables; returns how many. */
  int removeIf(Predicate<Route> p) {
    int n = 0;
    for (List<Route> t : tables.values()) {
      int before = t.size();
      t.removeIf(p);
      n += before - t.size();
    }
    return n;
  }

  /** Removes routes identical to {@code r} (one instance). */
  void removeIdentical(Route r) {
    List<Route> t = table(r.table());
    for (int k = 0; k < t.size(); k++) {
      if (identical(t.get(k), r)) {
        t.remove(k);
        return;
      }
    }
  }

  private static void removeInstance(List<Route> t, Route r) {
    for (int k = 0; k < t.size(); k++) {
      if (t.get(k) == r) {
        t.remove(k);
        return;
      }
    }
  }

  /** A device was renamed: its next hops follow. */
  void renameDevice(String from, String to) {
    for (List<Route> t : tables.values()) {
      for (int k = 0; k < t.size(); k++) {
        Route r = t.get(k);
        if (r.uses(from)) {
          List<NextHop> hops = new ArrayList<>();
          for (NextHop h : r.nextHops()) {
            hops.add(h.dev().equals(from) ? new NextHop(h.via(), to, h.weight(), h.onlink()) : h);
          }
          t.set(k, r.withNextHops(hops));
        }
      }
    }
  }

  /** The tables as the model keeps them; {@code main} and {@code local} are always present. */
  Map<Integer, RouteTable> freeze() {
    Map<Integer, RouteTable> out = new TreeMap<>();
    out.put(TableIds.MAIN, RouteTable.empty(TableIds.MAIN));
    out.put(TableIds.LOCAL, RouteTable.empty(TableIds.LOCAL));
    tables.forEach((id, routes) -> {
      if (!routes.isEmpty()) {
        out.put(id, RouteTable.of(id, routes));
      }
    });
    return out;
  }
}
