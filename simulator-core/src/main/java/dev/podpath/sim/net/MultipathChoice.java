package dev.podpath.sim.net;

import dev.podpath.model.route.Route;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a multipath route ({@code nexthop via A dev X nexthop via B dev Y}) chooses its next hop
 * during a run. The kernel hashes the flow (addresses, and ports with {@code
 * fib_multipath_hash_policy=1}) with a key it draws per boot, so which next hop a flow takes cannot
 * be told from the configuration; podpath takes the first unless a {@link NexthopPin} forces
 * another, and says so in the trace.
 *
 * @param pins the next hops forced; routes without a pin take their first
 */
public record MultipathChoice(Set<NexthopPin> pins) {

  /** No pins: every multipath route takes its first next hop. */
  public static final MultipathChoice FIRST = new MultipathChoice(Set.of());

  public MultipathChoice {
    pins = Set.copyOf(Objects.requireNonNull(pins, "pins"));
  }

  /** The index of the next hop forced for {@code route} of {@code ns}, if one is. */
  public Optional<Integer> forced(NetnsName ns, Route route) {
    return pins.stream().filter(p -> p.pins(ns, route)).map(NexthopPin::index).findFirst();
  }
}
