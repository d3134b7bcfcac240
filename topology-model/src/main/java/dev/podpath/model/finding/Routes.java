package dev.podpath.model.finding;

import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.Netns;

/** What the checks ask of one route. */
final class Routes {

  private Routes() {}

  /** The kernel's route of an address's subnet: {@code proto kernel scope link}, no gateway. */
  static boolean connected(Route r) {
    return r.type() == RouteType.UNICAST
        && r.protocol().isKernel()
        && r.nextHops().stream().allMatch(h -> h.via().isEmpty());
  }

  /** Whether matching packets are dropped: blackhole, unreachable, prohibit. */
  static boolean drops(Route r) {
    return r.type() == RouteType.BLACKHOLE
        || r.type() == RouteType.UNREACHABLE
        || r.type() == RouteType.PROHIBIT;
  }

  /** Whether the route sends its range on to a gateway, or into a tunnel. */
  static boolean toGatewayOrTunnel(Netns ns, Route r) {
    return r.type() == RouteType.UNICAST
        && r.nextHops().stream().anyMatch(h -> h.via().isPresent() || tunnel(ns, h));
  }

  static boolean tunnel(Netns ns, NextHop h) {
    return ns.device(h.dev())
        .map(
            d ->
                d.kind() instanceof LinkKind.Vxlan
                    || d.kind() instanceof LinkKind.Ipip
                    || d.kind() instanceof LinkKind.Tun)
        .orElse(false);
  }

  /**
   * Where a route sends, in words: {@code via 10.0.0.1 dev eth0}, {@code dev cni0}, {@code
   * blackhole}.
   */
  static String target(Route r) {
    if (drops(r)) {
      return r.type().keyword();
    }
    return r.firstHop().map(NextHop::toString).orElse(r.type().keyword());
  }
}
