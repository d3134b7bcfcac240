package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;

/** What a FIB lookup found: a route with its next hop, or an error with what caused it. */
public sealed interface FibResult {

  /** A route matched; {@code hop} is the next hop taken (the first, for multipath). */
  record Found(RoutingRule rule, Route route, Optional<NextHop> hop, boolean multipath)
      implements FibResult {

    /**
     * This decision with the next hop {@code choice} forces for its route in {@code ns}, if it is a
     * multipath route with a pin (and no output device was insisted on).
     */
    Found pinned(NetnsName ns, MultipathChoice choice) {
      if (!multipath) {
        return this;
      }
      return choice
          .forced(ns, route)
          .map(i -> new Found(rule, route, Optional.of(route.nextHops().get(i)), true))
          .orElse(this);
    }

    /** Whether {@code choice} forced this decision's next hop. */
    boolean forcedBy(NetnsName ns, MultipathChoice choice) {
      return multipath && choice.forced(ns, route).isPresent();
    }

    /** The step that shows this decision ({@code input}: for a received packet). */
    Step.RouteSelected step(NetnsName ns, boolean input, Optional<Ipv4Address> src) {
      return new Step.RouteSelected(
          ns,
          input,
          rule,
          route,
          hop.flatMap(NextHop::via),
          hop.map(NextHop::dev),
          src.filter(a -> !a.isAny()));
    }

    /**
     * The source address this route gives a packet to {@code dst} that has none yet: the route's
     * {@code src}, else the address chosen for the outgoing device ({@code inet_select_addr}); for
     * a local route, the route's {@code src} or the destination itself.
     */
    Ipv4Address source(Netns ns, Ipv4Address dst) {
      if (route.type() == RouteType.LOCAL) {
        return route.src().orElse(dst);
      }
      NextHop h = hop.orElseThrow();
      return route
          .src()
          .or(() -> SourceAddress.select(ns, h.dev(), h.via().orElse(dst), route.scope()))
          .orElse(Ipv4Address.ANY);
    }
  }

  /**
   * The lookup failed.
   *
   * @param rule the rule whose action failed, or whose table held the failing route
   * @param route the blackhole/unreachable/prohibit route that matched, if one did
   * @param tablesTried every table consulted, in order
   */
  record Failed(
      Errno errno, Optional<RoutingRule> rule, Optional<Route> route, List<Integer> tablesTried)
      implements FibResult {

    /**
     * Why {@code ip_route_output} found no way to {@code dst}: the route that refused, or no route.
     */
    DropReason reason(NetnsName ns, Ipv4Address dst) {
      return route
          .<DropReason>map(r -> new DropReason.RouteType(ns, r))
          .orElseGet(() -> new DropReason.NoRoute(ns, dst, tablesTried));
    }
  }
}
