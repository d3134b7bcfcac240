package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteScope;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 address on a device, as {@code ip addr add} makes it.
 *
 * <pre>{@code
 * 10.244.0.1/24            -> address 10.244.0.1, prefixLength 24
 * 10.10.100.10 peer 10.10.200.10   -> a point-to-point address: prefix 10.10.200.10/32
 * }</pre>
 *
 * @param peer the remote end of a point-to-point address ({@code peer P}); the connected route then
 *     covers the peer's prefix, not the local one
 * @param broadcast the broadcast address ({@code brd}), when one is set
 */
public record IfAddress(
    Ipv4Address address,
    int prefixLength,
    Optional<Ipv4Address> peer,
    Optional<Ipv4Address> broadcast,
    RouteScope scope,
    Origin origin) {

  public IfAddress {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(broadcast, "broadcast");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(origin, "origin");
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
  }

  /** The prefix the connected route covers: the peer's for point-to-point, else the local one. */
  public Prefix connectedPrefix() {
    return Prefix.of(peer.orElse(address), prefixLength);
  }

  /** {@code 10.0.0.1/24} or {@code 10.10.100.10 peer 10.10.200.10/32}. */
  @Override
  public String toString() {
    return peer.map(p -> address + " peer " + p + "/" + prefixLength)
        .orElse(address + "/" + prefixLength);
  }
}
