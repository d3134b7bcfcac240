package dev.podpath.model.finding;

import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.NetnsName;

/**
 * Fix commands as the user would type them: in a scenario, with {@code ip -n NS} or {@code ip netns
 * exec NS} (nothing for the script's own namespace); for a snapshot, on the node or in the
 * namespace that was dumped ({@code on worker1: ip route del ...}).
 */
public final class Shell {

  private final boolean scenario;

  public Shell(NetworkFacts facts) {
    this.scenario = facts.closedWorld();
  }

  /** {@code ip ARGS} in {@code ns}. */
  public String ip(NetnsName ns, String args) {
    if (!scenario) {
      return "on " + ns + ": ip " + args;
    }
    return ns.equals(NetnsName.ROOT) ? "ip " + args : "ip -n " + ns + " " + args;
  }

  /** {@code bridge ARGS} in {@code ns}. */
  public String bridge(NetnsName ns, String args) {
    if (!scenario) {
      return "on " + ns + ": bridge " + args;
    }
    return ns.equals(NetnsName.ROOT) ? "bridge " + args : "bridge -n " + ns + " " + args;
  }

  /** Any other command run in {@code ns}. */
  public String exec(NetnsName ns, String command) {
    if (!scenario) {
      return "on " + ns + ": " + command;
    }
    return ns.equals(NetnsName.ROOT) ? command : "ip netns exec " + ns + " " + command;
  }

  /** Several commands run one after the other in {@code ns}, joined by {@code &&}. */
  public String execAll(NetnsName ns, String... commands) {
    if (!scenario) {
      return "on " + ns + ": " + String.join(" && ", commands);
    }
    return String.join(" && ", java.util.Arrays.stream(commands).map(c -> exec(ns, c)).toList());
  }

  /**
   * A route as {@code ip route del} and {@code replace} take it: type, prefix, next hops, table,
   * metric.
   */
  public static String routeSpec(Route r) {
    StringBuilder sb = new StringBuilder();
    if (r.type() != RouteType.UNICAST) {
      sb.append(r.type().keyword()).append(' ');
    }
    sb.append(r.destination().toRouteString());
    if (r.nextHops().size() == 1) {
      NextHop h = r.nextHops().get(0);
      h.via().ifPresent(v -> sb.append(" via ").append(v));
      sb.append(" dev ").append(h.dev());
    } else {
      for (NextHop h : r.nextHops()) {
        sb.append(" nexthop");
        h.via().ifPresent(v -> sb.append(" via ").append(v));
        sb.append(" dev ").append(h.dev());
      }
    }
    if (r.table() != TableIds.MAIN) {
      sb.append(" table ").append(TableIds.name(r.table()));
    }
    if (r.metric() != 0) {
      sb.append(" metric ").append(r.metric());
    }
    return sb.toString();
  }
}
