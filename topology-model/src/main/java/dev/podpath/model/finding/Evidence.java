package dev.podpath.model.finding;

import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry a {@link Finding} rests on: a route, a neighbour or FDB entry, a device, an iptables
 * rule, a kubectl row, with the line it came from.
 *
 * <pre>{@code
 * worker1: 10.10.3.0/24 via 192.168.3.14 dev enp0s5 onlink   (samples/gateway-other-segment.sh:71)
 * }</pre>
 *
 * @param where the namespace (or node, or kubectl object) the entry belongs to
 * @param entry the entry, as the tool that lists it prints it
 * @param origin the file and line it came from; empty for what the model keeps no line for (a
 *     sysctl's value, a chain's policy)
 */
public record Evidence(String where, String entry, Optional<Origin> origin) {

  public Evidence {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(origin, "origin");
  }

  public static Evidence of(Object where, Object entry, Origin origin) {
    return new Evidence(where.toString(), entry.toString(), Optional.of(origin));
  }

  /** An entry the model keeps no line for. */
  public static Evidence unplaced(Object where, Object entry) {
    return new Evidence(where.toString(), entry.toString(), Optional.empty());
  }

  /** {@code file:line}, {@code kernel} for state the kernel made, or {@code -} without a line. */
  public String location() {
    return origin.map(Origin::location).orElse("-");
  }

  @Override
  public String toString() {
    return location() + ": " + where + ": " + entry;
  }
}
