package dev.podpath.sim.net;

import dev.podpath.model.route.Route;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How a multipath route ({@code nexthop via A dev X nexthop via B dev Y}) chooses its next hop
 * during a run. The kernel hashes the flow (addresses, and ports with {@code
 * fib_multipath_hash_policy=1}) with a key it draws per boot, so which next hop a flow takes cannot
 * be told from the configuration; podpath takes the first unless a {@link NexthopPin} forces
 * another, and says so in the trace.
 *
 * @param pins the next hops forced, each of one route
 * @param every the index (from 0) of the next hop every other multipath route takes, when it has
 *     that many ({@code podpath trace --nexthop N}); empty: routes without a pin take their first
 */
public record MultipathChoice(Set<NexthopPin> pins, OptionalInt every) {

  /** No pins: every multipath route takes its first next hop. */
  public static final MultipathChoice FIRST = new MultipathChoice(Set.of());

  public MultipathChoice {
    pins = Set.copyOf(Objects.requireNonNull(pins, "pins"));
    Objects.requireNonNull(every, "every");
    if (every.isPresent() && every.getAsInt() < 0) {
      throw new IllegalArgumentException("a next hop's index counts from 0: " + every.getAsInt());
    }
  }

  /** These pins; other multipath routes take their first next hop. */
  public MultipathChoice(Set<NexthopPin> pins) {
    this(pins, OptionalInt.empty());
  }

  /** Every multipath route takes its next hop number {@code index} (from 0) when it has one. */
  public static MultipathChoice every(int index) {
    return new MultipathChoice(Set.of(), OptionalInt.of(index));
  }

  /** The index of the next hop forced for {@code route} of {@code ns}, if one is. */
  public Optional<Integer> forced(NetnsName ns, Route route) {
    Optional<Integer> pinned =
        pins.stream().filter(p -> p.pins(ns, route)).map(NexthopPin::index).findFirst();
    if (pinned.isPresent() || every.isEmpty() || every.getAsInt() >= route.nextHops().size()) {
      return pinned;
    }
    return Optional.of(every.getAsInt());
  }

  /** This choice with {@code more} pins as well. */
  public MultipathChoice with(java.util.Collection<NexthopPin> more) {
    Set<NexthopPin> all = new java.util.LinkedHashSet<>(pins);
    all.addAll(more);
    return new MultipathChoice(all, every);
  }
}
