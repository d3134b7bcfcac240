package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.topo.DeviceRef;
import java.util.Optional;

/**
 * A neighbour entry as it stands after a run ({@code ip neigh}).
 *
 * @param configured whether the entry came from the configuration rather than from ARP
 */
public record NeighbourState(
    DeviceRef dev, Ipv4Address ip, NudState state, Optional<MacAddress> mac, boolean configured) {}
