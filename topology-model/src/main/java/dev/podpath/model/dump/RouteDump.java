package dev.podpath.model.dump;

import dev.podpath.model.route.Route;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes of an {@code ip route} / {@code route -n} dump, with what the route flags say about
 * the devices: a route marked {@code linkdown} or {@code dead} means its device had no carrier when
 * the dump was taken (the model derives that from the device, so the assembler marks those devices
 * down).
 *
 * @param routes the IPv4 routes, in dump order, each with its table
 * @param linkDownDevices devices named by a {@code linkdown} or {@code dead} route or next hop
 */
public record RouteDump(List<Route> routes, Set<String> linkDownDevices) {

  public RouteDump {
    routes = List.copyOf(routes);
    linkDownDevices = java.util.Collections.unmodifiableSet(new TreeSet<>(linkDownDevices));
  }

  public static RouteDump empty() {
    return new RouteDump(List.of(), Set.of());
  }
}
