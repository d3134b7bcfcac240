package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.DeviceRef;

/** What ARP tells the neighbour cache ({@code neigh_update}). {@link Neighbours} provides it. */
interface NeighbourUpdates {

  /** An ARP reply told us {@code ip} is at {@code mac} on {@code dev}. */
  void confirmed(DeviceRef dev, Ipv4Address ip, MacAddress mac);

  /** A request from {@code ip} was answered: its entry is created or refreshed. */
  void learnedFromRequest(DeviceRef dev, Ipv4Address ip, MacAddress mac);
}
