package dev.podpath.model.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A namespace's routing: its {@code ip rule}s (ascending priority) and its tables.
 *
 * <p>The lookup itself (which rule matches a packet, what a route type does) is behaviour and lives
 * in the simulator; this is the data.
 */
public record RoutingPolicy(List<RoutingRule> rules, Map<Integer, RouteTable> tables) {

  public RoutingPolicy {
    List<RoutingRule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingInt(RoutingRule::priority));
    rules = List.copyOf(sorted);
    tables = java.util.Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  /** A table by number; absent tables are empty. */
  public RouteTable table(int id) {
    RouteTable t = tables.get(id);
    return t != null ? t : RouteTable.empty(id);
  }

  public Optional<RouteTable> existingTable(int id) {
    return Optional.ofNullable(tables.get(id));
  }

  /** Every route of every table: {@code ip route show table all}. */
  public List<Route> allRoutes() {
    List<Route> out = new ArrayList<>();
    tables.values().forEach(t -> out.addAll(t.routes()));
    return out;
  }
}
