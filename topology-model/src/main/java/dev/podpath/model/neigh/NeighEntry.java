package dev.podpath.model.neigh;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A neighbour entry: {@code 10.244.0.3 dev eth0 lladdr ea:fb:aa:29:fe:5b PERMANENT}.
 *
 * @param proxy an {@code ip neigh add proxy ADDR dev DEV} entry (answer ARP for ADDR on DEV)
 */
public record NeighEntry(
    Ipv4Address address,
    String dev,
    Optional<MacAddress> lladdr,
    NudState state,
    boolean proxy,
    Origin origin) {

  public NeighEntry {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(dev, "dev");
    Objects.requireNonNull(lladdr, "lladdr");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public String toString() {
    return (proxy ? "proxy " : "")
        + address
        + " dev "
        + dev
        + lladdr.map(m -> " lladdr " + m).orElse("")
        + " "
        + state;
  }
}
