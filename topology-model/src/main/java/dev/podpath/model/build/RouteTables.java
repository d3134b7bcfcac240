package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A namespace's routing tables while the script runs, with {@code fib_table_insert} and {@code
 * fib_table_delete} semantics: the key of a route is (table, prefix, metric); {@code add} refuses a
 * second route with the same key, {@code append}/{@code prepend} refuse only an identical one,
 * {@code replace} and {@code change} replace the first route with the key.
 *
 * <p>Each table is kept in insertion order; {@link RouteTable} later sorts equal prefixes by
 * metric, stably, which is the kernel's order.
 */
public final class RouteTables {

  /**
   * The {@code NLM_F_*} flag combinations of {@code ip route add|append|prepend|replace|change}.
   */
  public enum Mode {
    ADD,
    APPEND,
    PREPEND,
    REPLACE,
    CHANGE
  }

  private final Map<Integer, List<Route>> tables = new TreeMap<>();

  /**
   * Whether {@code main} and {@code local} exist even when empty, as in every namespace the kernel
   * makes; tables read from a dump are those the dump shows ({@link #declare}).
   */
  private final boolean kernelTables;

  /** Tables that exist even when empty (read from a model that had them). */
  private final java.util.Set<Integer> declared = new java.util.TreeSet<>();

  public RouteTables(boolean kernelTables) {
    this.kernelTables = kernelTables;
  }

  /** The tables of a namespace the kernel makes: {@code main} and {@code local} always exist. */
  public RouteTables() {
    this(true);
  }

  /** Table {@code id} exists, even while it is empty. */
  public void declare(int id) {
    declared.add(id);
  }

  /** A route as a dump shows it: appended to its table, nothing checked, nothing derived. */
  public void replay(Route r) {
    table(r.table()).add(r);
    indexAdd(r);
  }

  /** Per table, the routes of each prefix in table order, so that no operation scans a table. */
  private final Map<Integer, Map<Prefix, List<Route>>> byPrefix = new HashMap<>();

  /** Per table, how many routes have each prefix length (0..32), to probe only lengths in use. */
  private final Map<Integer, int[]> lengths = new HashMap<>();

  /** The routes of a table in table order. Read it; change it only through this class. */
  public List<Route> table(int id) {
    return tables.computeIfAbsent(id, k -> new ArrayList<>());
  }

  /**
   * The routes of {@code table} whose prefix contains {@code dst}: longest prefix first, then
   * lowest metric, then age, as {@code fib_table_lookup} considers them. O(33) map probes.
   */
  public List<Route> candidates(int table, Ipv4Address dst) {
    int[] count = lengths.get(table);
    if (count == null) {
      return List.of();
    }
    Map<Prefix, List<Route>> idx = byPrefix.get(table);
    List<Route> out = new ArrayList<>();
    for (int len = 32; len >= 0; len--) {
      if (count[len] > 0) {
        List<Route> at = idx.get(Prefix.of(dst, len));
        if (at != null) {
          List<Route> sorted = new ArrayList<>(at);
          sorted.sort(BY_METRIC);
          out.addAll(sorted);
        }
      }
    }
    return out;
  }

  private static final Comparator<Route> BY_METRIC =
      Comparator.comparingLong(r -> Integer.toUnsignedLong(r.metric()));

  private void indexAdd(Route r) {
    byPrefix
        .computeIfAbsent(r.table(), k -> new HashMap<>())
        .computeIfAbsent(r.destination(), k -> new ArrayList<>(1))
        .add(r);
    lengths.computeIfAbsent(r.table(), k -> new int[33])[r.destination().length()]++;
  }

  /** Rebuilds the index of one table from its list (after a bulk change or a positional insert). */
  private void reindex(int table) {
    byPrefix.remove(table);
    lengths.remove(table);
    for (Route r : table(table)) {
      indexAdd(r);
    }
  }

  /** The routes of {@code table} with exactly {@code prefix}, in table order. */
  private List<Route> samePrefix(int table, Prefix prefix) {
    Map<Prefix, List<Route>> idx = byPrefix.get(table);
    List<Route> at = idx == null ? null : idx.get(prefix);
    return at == null ? List.of() : at;
  }

  private static int indexOf(List<Route> t, Route r) {
    for (int k = 0; k < t.size(); k++) {
      if (t.get(k) == r) {
        return k;
      }
    }
    throw new IllegalStateException("route not in its table: " + r);
  }

  /** Whether two routes are the same {@code fib_alias}: equal in everything but origin. */
  public static boolean identical(Route a, Route b) {
    return a.table() == b.table()
        && a.type() == b.type()
        && a.destination().equals(b.destination())
        && a.nextHops().equals(b.nextHops())
        && a.src().equals(b.src())
        && a.metric() == b.metric()
        && a.scope() == b.scope()
        && a.protocol().equals(b.protocol());
  }

  private static boolean sameKey(Route a, Route b) {
    return a.destination().equals(b.destination()) && a.metric() == b.metric();
  }

  public void insert(Route r, Mode mode) {
    List<Route> t = table(r.table());
    Route first = null;
    Route identical = null;
    for (Route x : samePrefix(r.table(), r.destination())) {
      if (sameKey(x, r)) {
        if (first == null) {
          first = x;
        }
        if (identical == null && identical(x, r)) {
          identical = x;
        }
      }
    }
    if (first != null) {
      switch (mode) {
        case ADD:
          throw KernelError.of(Errno.EEXIST);
        case REPLACE:
        case CHANGE:
          if (identical != null) {
            if (identical == first) {
              return;
            }
            throw KernelError.of(Errno.EEXIST);
          }
          t.set(indexOf(t, first), r);
          reindex(r.table());
          return;
        case PREPEND:
          if (identical != null) {
            throw KernelError.of(Errno.EEXIST);
          }
          t.add(indexOf(t, first), r);
          reindex(r.table());
          return;
        default:
          if (identical != null) {
            throw KernelError.of(Errno.EEXIST);
          }
          t.add(r);
          indexAdd(r);
          return;
      }
    }
    if (mode == Mode.CHANGE) {
      throw KernelError.of(Errno.ENOENT);
    }
    t.add(r);
    indexAdd(r);
  }

  /** Inserts a route the kernel makes itself ({@code fib_magic}: create|append, EEXIST ignored). */
  public void insertKernel(Route r) {
    try {
      insert(r, Mode.APPEND);
    } catch (KernelError e) {
      // an identical route is already there
    }
  }

  /**
   * Routes of {@code table} for exactly {@code prefix}, in the kernel's order (metric, then age).
   */
  public List<Route> exact(int table, Prefix prefix) {
    List<Route> out = new ArrayList<>(samePrefix(table, prefix));
    out.sort(BY_METRIC);
    return out;
  }

  /** Deletes the first route (kernel order) for {@code prefix} that {@code match} accepts. */
  public Route delete(int table, Prefix prefix, Predicate<Route> match) {
    for (Route r : exact(table, prefix)) {
      if (match.test(r)) {
        removeInstance(table(table), r);
        indexRemove(r);
        return r;
      }
    }
    throw KernelError.of(Errno.ESRCH);
  }

  /** Removes every route that {@code p} accepts, in all tables; returns how many. */
  public int removeIf(Predicate<Route> p) {
    int n = 0;
    for (var e : tables.entrySet()) {
      List<Route> t = e.getValue();
      int before = t.size();
      t.removeIf(p);
      if (t.size() != before) {
        n += before - t.size();
        reindex(e.getKey());
      }
    }
    return n;
  }

  /** Removes routes identical to {@code r} (one instance). */
  public void removeIdentical(Route r) {
    List<Route> t = table(r.table());
    for (int k = 0; k < t.size(); k++) {
      if (identical(t.get(k), r)) {
        t.remove(k);
        reindex(r.table());
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
  public void renameDevice(String from, String to) {
    for (var e : tables.entrySet()) {
      List<Route> t = e.getValue();
      boolean changed = false;
      for (int k = 0; k < t.size(); k++) {
        Route r = t.get(k);
        if (r.uses(from)) {
          List<NextHop> hops = new ArrayList<>();
          for (NextHop h : r.nextHops()) {
            hops.add(h.dev().equals(from) ? new NextHop(h.via(), to, h.weight(), h.onlink()) : h);
          }
          t.set(k, r.withNextHops(hops));
          changed = true;
        }
      }
      if (changed) {
        reindex(e.getKey());
      }
    }
  }

  /** After route {@code r} left its table: drop it from the index too. */
  private void indexRemove(Route r) {
    List<Route> at = byPrefix.get(r.table()).get(r.destination());
    at.removeIf(x -> x == r);
    if (at.isEmpty()) {
      byPrefix.get(r.table()).remove(r.destination());
    }
    lengths.get(r.table())[r.destination().length()]--;
  }

  /**
   * The tables as the model keeps them: those with routes, the declared ones, and {@code main} and
   * {@code local} in a namespace the kernel made.
   */
  public Map<Integer, RouteTable> freeze() {
    Map<Integer, RouteTable> out = new TreeMap<>();
    if (kernelTables) {
      out.put(TableIds.MAIN, RouteTable.empty(TableIds.MAIN));
      out.put(TableIds.LOCAL, RouteTable.empty(TableIds.LOCAL));
    }
    declared.forEach(id -> out.put(id, RouteTable.empty(id)));
    tables.forEach(
        (id, routes) -> {
          if (!routes.isEmpty()) {
            out.put(id, RouteTable.of(id, routes));
          }
        });
    return out;
  }
}
