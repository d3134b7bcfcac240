package dev.podpath.sim.net;

import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.sim.outcome.Errno;
import java.util.List;
import java.util.Optional;

/** What a FIB lookup found: a route with its next hop, or an error with what caused it. */
public sealed interface FibResult {

  /** A route matched; {@code hop} is the next hop taken (the first, for multipath). */
  record Found(RoutingRule rule, Route route, Optional<NextHop> hop, boolean multipath)
      implements FibResult {}

  /**
   * The lookup failed.
   *
   * @param rule the rule whose action failed, or whose table held the failing route
   * @param route the blackhole/unreachable/prohibit route that matched, if one did
   * @param tablesTried every table consulted, in order
   */
  record Failed(
      Errno errno, Optional<RoutingRule> rule, Optional<Route> route, List<Integer> tablesTried)
      implements FibResult {}
}
