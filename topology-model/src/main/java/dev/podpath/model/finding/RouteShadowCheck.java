package dev.podpath.model.finding;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A route another one hides, in one table of one namespace:
 *
 * <ul>
 *   <li>the connected route of a device's subnet, behind a route of the same prefix that comes
 *       first (lower metric, or added first) and sends elsewhere: to a gateway, or nowhere;
 *   <li>a unicast route behind a blackhole/unreachable/prohibit route of the same prefix;
 *   <li>part of a route's range, under a more specific blackhole/unreachable/prohibit route (an
 *       error when the route sends to a gateway or into a tunnel: part of what it should carry to
 *       another node is dropped; a warning for a connected route).
 * </ul>
 *
 * Two routes of one prefix that both send somewhere with different metrics (two default routes for
 * failover) are not a finding.
 */
final class RouteShadowCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      for (RouteTable table : ns.routing().tables().values()) {
        if (table.id() == TableIds.LOCAL) {
          continue;
        }
        samePrefix(ns, table, shell, out);
        moreSpecificDrops(ns, table, shell, out);
      }
    }
    return out;
  }

  private static void samePrefix(Netns ns, RouteTable table, Shell shell, List<Finding> out) {
    Set<Prefix> prefixes = new LinkedHashSet<>();
    table.routes().forEach(r -> prefixes.add(r.destination()));
    for (Prefix p : prefixes) {
      List<Route> order =
          table.exact(p).stream()
              .filter(r -> r.type() == RouteType.UNICAST || Routes.drops(r))
              .toList();
      if (order.size() < 2) {
        continue;
      }
      Route winner = order.get(0);
      for (Route loser : order.subList(1, order.size())) {
        boolean connectedHidden = Routes.connected(loser) && !Routes.connected(winner);
        boolean dropHides = Routes.drops(winner) && loser.type() == RouteType.UNICAST;
        if (!connectedHidden && !dropHides) {
          continue;
        }
        String why =
            winner.metric() < loser.metric()
                ? "its metric " + winner.metric() + " is lower than " + loser.metric()
                : "it comes first among routes of the same metric";
        String explanation =
            ns.name()
                + " sends every packet for "
                + p
                + " "
                + describe(winner)
                + ", because "
                + why
                + "; the route "
                + loser
                + " is never used"
                + (connectedHidden
                    ? ", so the hosts on " + loser.dev().orElse("?") + " are not reached directly."
                    : ".");
        out.add(
            new Finding(
                Code.ROUTE_SHADOWED,
                Severity.ERROR,
                ns.name().toString(),
                explanation,
                List.of(
                    Evidence.of(ns.name(), winner, winner.origin()),
                    Evidence.of(ns.name(), loser, loser.origin())),
                List.of(
                    new Fix(
                        shell.ip(ns.name(), "route del " + Shell.routeSpec(winner)),
                        "removes the route that hides "
                            + loser.destination().toRouteString()
                            + " "
                            + Routes.target(loser)
                            + (connectedHidden ? " (the kernel's route of the subnet)" : "")))));
      }
    }
  }

  private static void moreSpecificDrops(
      Netns ns, RouteTable table, Shell shell, List<Finding> out) {
    for (Route drop : table.routes()) {
      if (!Routes.drops(drop)) {
        continue;
      }
      for (Route wide : table.routes()) {
        if (wide.type() != RouteType.UNICAST
            || wide.destination().isDefault()
            || wide.destination().length() >= drop.destination().length()
            || !wide.destination().contains(drop.destination())) {
          continue;
        }
        boolean sendsOn = Routes.toGatewayOrTunnel(ns, wide);
        String explanation =
            "the "
                + drop.type().keyword()
                + " route "
                + drop.destination().toRouteString()
                + " is more specific than "
                + wide.destination()
                + " "
                + Routes.target(wide)
                + ", so "
                + ns.name()
                + " drops packets for "
                + drop.destination().toRouteString()
                + " instead of sending them "
                + Routes.target(wide)
                + (sendsOn ? " with the rest of " + wide.destination() + "." : ".");
        out.add(
            new Finding(
                Code.ROUTE_SHADOWED,
                sendsOn ? Severity.ERROR : Severity.WARNING,
                ns.name().toString(),
                explanation,
                List.of(
                    Evidence.of(ns.name(), drop, drop.origin()),
                    Evidence.of(ns.name(), wide, wide.origin())),
                List.of(
                    new Fix(
                        shell.ip(ns.name(), "route del " + Shell.routeSpec(drop)),
                        "unless "
                            + drop.destination().toRouteString()
                            + " is meant to be dropped, packets for it then follow "
                            + wide.destination()
                            + " "
                            + Routes.target(wide)))));
      }
    }
  }

  private static String describe(Route r) {
    return Routes.drops(r) ? "to the " + r.type().keyword() + " route (dropped)" : Routes.target(r);
  }
}
