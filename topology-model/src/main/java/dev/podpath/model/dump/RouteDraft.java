package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
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
import java.util.Set;

/**
 * A route being read, field by field, by the JSON and the text {@code ip route} readers; {@link
 * #build} checks it against the model's rules. Package-private, one per route.
 */
final class RouteDraft {

  /** One next hop being read. */
  static final class Hop {
    Optional<Ipv4Address> via = Optional.empty();
    Optional<String> dev = Optional.empty();
    int weight = 1;
    boolean onlink;
    boolean down;
  }

  RouteType type = RouteType.UNICAST;
  Prefix destination;
  int table = TableIds.MAIN;
  RouteProtocol protocol = RouteProtocol.BOOT;
  RouteScope scope;
  Optional<Ipv4Address> src = Optional.empty();
  int metric;
  final Hop single = new Hop();
  final List<Hop> multipath = new ArrayList<>();

  /** The route, or empty with a warning when the model cannot hold it. */
  Optional<Route> build(
      Origin origin, Set<String> linkDown, Warnings w, int line, int column, String text) {
    if (destination == null) {
      w.add(line, column, text, "a route without a destination; skipped");
      return Optional.empty();
    }
    List<NextHop> hops = new ArrayList<>();
    List<Hop> source =
        multipath.isEmpty() ? (single.dev.isPresent() ? List.of(single) : List.of()) : multipath;
    for (Hop h : source) {
      if (h.dev.isEmpty()) {
        w.add(
            line,
            column,
            text,
            "a next hop of "
                + destination.toRouteString()
                + " has no device; the route is skipped");
        return Optional.empty();
      }
      if (h.weight < 1 || h.weight > 256) {
        w.add(
            line,
            column,
            text,
            "next hop weight " + h.weight + " is out of range 1-256; the" + " route is skipped");
        return Optional.empty();
      }
      if (h.down) {
        linkDown.add(h.dev.get());
      }
      hops.add(new NextHop(h.via, h.dev.get(), h.weight, h.onlink));
    }
    if (type == RouteType.BLACKHOLE
        || type == RouteType.UNREACHABLE
        || type == RouteType.PROHIBIT
        || type == RouteType.THROW) {
      hops.clear();
    } else if (hops.isEmpty()) {
      w.add(
          line,
          column,
          text,
          type.keyword()
              + " route "
              + destination.toRouteString()
              + " has neither a device nor next hops (busybox `ip route` drops the next hops of"
              + " multipath routes; collect the dump with iproute2); skipped");
      return Optional.empty();
    }
    RouteScope s = scope != null ? scope : RouteScope.GLOBAL;
    return Optional.of(
        new Route(
            table,
            type,
            SharedRouteParts.prefix(destination),
            SharedRouteParts.hops(hops),
            src,
            metric,
            s,
            protocol,
            origin));
  }
}
