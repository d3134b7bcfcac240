package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Optional;

/** Builds neighbour entries the way the scenario interpreter does. Package-private. */
final class Neighs {

  private Neighs() {}

  /**
   * The entry, or empty with a warning. Proxy entries have no link-layer address and state NOARP;
   * of several states the first one the model knows is taken.
   */
  static Optional<NeighEntry> entry(
      Ipv4Address address,
      Optional<String> dev,
      Optional<MacAddress> lladdr,
      List<String> states,
      boolean proxy,
      Origin origin,
      Runnable noDevice) {
    if (dev.isEmpty()) {
      noDevice.run();
      return Optional.empty();
    }
    if (proxy) {
      return Optional.of(
          new NeighEntry(address, dev.get(), Optional.empty(), NudState.NOARP, true, origin));
    }
    NudState state =
        states.stream()
            .map(NudState::parse)
            .flatMap(Optional::stream)
            .findFirst()
            .orElse(lladdr.isPresent() ? NudState.STALE : NudState.NONE);
    return Optional.of(new NeighEntry(address, dev.get(), lladdr, state, false, origin));
  }
}
