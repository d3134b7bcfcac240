package dev.podpath.sim.net;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;

/**
 * One next hop of a multipath route forced for a run: in {@code netns}, the route to {@code
 * destination} in {@code table} takes its next hop number {@code index} (from 0, in the order
 * {@code ip route} lists them), as if the kernel's flow hash had picked it.
 *
 * <pre>{@code
 * new NexthopPin(NetnsName.of("r"), Prefix.parse("10.2.0.0/24"), 254, 1)  // the second nexthop
 * }</pre>
 */
public record NexthopPin(NetnsName netns, Prefix destination, int table, int index) {

  public NexthopPin {
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(destination, "destination");
    if (index < 0) {
      throw new IllegalArgumentException("a next hop's index counts from 0: " + index);
    }
  }

  /** The pin of {@code route}'s next hop {@code index} in {@code netns}. */
  public static NexthopPin of(NetnsName netns, Route route, int index) {
    return new NexthopPin(netns, route.destination(), route.table(), index);
  }

  /** Whether this pin is about {@code route} of {@code ns}. */
  boolean pins(NetnsName ns, Route route) {
    return netns.equals(ns)
        && destination.equals(route.destination())
        && table == route.table()
        && index < route.nextHops().size();
  }
}
