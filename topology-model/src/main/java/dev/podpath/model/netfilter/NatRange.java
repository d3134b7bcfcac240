package dev.podpath.model.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code DNAT --to-destination} or {@code SNAT --to-source} maps a connection: an address
 * range (either end may be the same) and/or a port range.
 *
 * <pre>{@code
 * 10.244.0.3:8080          NatRange.of(10.244.0.3, 8080)
 * 10.0.0.1-10.0.0.5:100-200
 * :80                      only the port
 * }</pre>
 */
public record NatRange(
    Optional<Ipv4Address> minAddress, Optional<Ipv4Address> maxAddress, Optional<PortRange> ports) {

  public NatRange {
    Objects.requireNonNull(minAddress, "minAddress");
    Objects.requireNonNull(maxAddress, "maxAddress");
    Objects.requireNonNull(ports, "ports");
    if (minAddress.isPresent() != maxAddress.isPresent()) {
      throw new IllegalArgumentException("address range needs both ends");
    }
    if (minAddress.isPresent() && minAddress.get().compareTo(maxAddress.get()) > 0) {
      throw new IllegalArgumentException(
          "address range " + minAddress.get() + "-" + maxAddress.get());
    }
    if (minAddress.isEmpty() && ports.isEmpty()) {
      throw new IllegalArgumentException("empty NAT range");
    }
  }

  /** One address and one port, as kube-proxy's DNAT uses. */
  public static NatRange of(Ipv4Address address, int port) {
    return new NatRange(
        Optional.of(address), Optional.of(address), Optional.of(PortRange.of(port)));
  }

  /** One address, ports unchanged. */
  public static NatRange of(Ipv4Address address) {
    return new NatRange(Optional.of(address), Optional.of(address), Optional.empty());
  }

  /** As libxt_NAT prints it ({@code print_range}). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    minAddress.ifPresent(
        a -> {
          sb.append(a);
          if (!a.equals(maxAddress.get())) {
            sb.append('-').append(maxAddress.get());
          }
        });
    ports.ifPresent(p -> sb.append(':').append(p.toNatString()));
    return sb.toString();
  }
}
