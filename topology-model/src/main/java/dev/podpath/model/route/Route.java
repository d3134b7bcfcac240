package dev.podpath.model.route;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route in one table, as {@code ip route} shows it.
 *
 * <pre>{@code
 * 10.10.2.0/24 via 192.168.2.15 dev enp0s5                       (unicast, one next hop)
 * local 10.0.0.1 dev eth0 table local proto kernel scope host src 10.0.0.1
 * blackhole 10.20.1.128/25                                       (no next hop)
 * }</pre>
 *
 * @param table the table number ({@link TableIds})
 * @param type what a match does
 * @param destination the prefix matched
 * @param nextHops one next hop for ordinary routes, several for ECMP, none for
 *     blackhole/unreachable/prohibit/throw
 * @param src the preferred source ({@code src}), when given
 * @param metric the priority (lower wins among equal prefixes)
 * @param scope the route scope
 * @param protocol who installed it ({@code kernel}, {@code boot}, {@code static}, ...)
 * @param origin the line that created it (for kernel routes, the line that caused them)
 */
public record Route(
    int table,
    RouteType type,
    Prefix destination,
    List<NextHop> nextHops,
    Optional<Ipv4Address> src,
    int metric,
    RouteScope scope,
    RouteProtocol protocol,
    Origin origin) {

  public Route {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(destination, "destination");
    nextHops = List.copyOf(nextHops);
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(origin, "origin");
    if (type.needsDevice() && nextHops.isEmpty()) {
      throw new IllegalArgumentException(
          type.keyword() + " route " + destination + " needs a device");
    }
  }

  /** The first (for non-ECMP routes, the only) next hop. */
  public Optional<NextHop> firstHop() {
    return nextHops.isEmpty() ? Optional.empty() : Optional.of(nextHops.get(0));
  }

  /** The output device of the first next hop. */
  public Optional<String> dev() {
    return firstHop().map(NextHop::dev);
  }

  /** Whether this route goes through {@code dev} (any next hop). */
  public boolean uses(String dev) {
    return nextHops.stream().anyMatch(h -> h.dev().equals(dev));
  }

  public Route withNextHops(List<NextHop> hops) {
    return new Route(table, type, destination, hops, src, metric, scope, protocol, origin);
  }

  /** The route as {@code ip route show table all} prints it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (type != RouteType.UNICAST) {
      sb.append(type.keyword()).append(' ');
    }
    sb.append(destination.toRouteString());
    if (nextHops.size() == 1) {
      NextHop h = nextHops.get(0);
      h.via().ifPresent(v -> sb.append(" via ").append(v));
      sb.append(" dev ").append(h.dev());
    }
    if (table != TableIds.MAIN) {
      sb.append(" table ").append(TableIds.name(table));
    }
    if (!protocol.equals(RouteProtocol.BOOT)) {
      sb.append(" proto ").append(protocol);
    }
    // iproute2 prints the scope whenever it is not global (universe).
    if (scope != RouteScope.GLOBAL) {
      sb.append(" scope ").append(scope.keyword());
    }
    src.ifPresent(s -> sb.append(" src ").append(s));
    if (metric != 0) {
      sb.append(" metric ").append(metric);
    }
    if (nextHops.size() == 1 && nextHops.get(0).onlink()) {
      sb.append(" onlink");
    }
    if (nextHops.size() > 1) {
      for (NextHop h : nextHops) {
        sb.append(" nexthop");
        h.via().ifPresent(v -> sb.append(" via ").append(v));
        sb.append(" dev ").append(h.dev()).append(" weight ").append(h.weight());
      }
    }
    return sb.toString();
  }
}
