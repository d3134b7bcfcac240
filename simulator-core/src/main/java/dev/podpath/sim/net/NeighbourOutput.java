package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import java.util.function.Consumer;

/**
 * The neighbour layer as routing calls it ({@code neigh_output}): send a routed packet to its next
 * hop, resolving the next hop's MAC first. {@link Neighbours} provides it.
 */
interface NeighbourOutput {

  /**
   * Sends {@code packet} out of {@code devRef} to {@code nextHop}.
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one)
   */
  void output(
      DeviceRef devRef,
      NetDevice dev,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      boolean arp,
      Ipv4Packet packet);

  /**
   * Resolves {@code nextHop} on {@code devRef} and hands its MAC to {@code then} (at once from a
   * valid entry, or after ARP); on failure the packet is dropped with ICMP host unreachable.
   */
  void resolve(
      DeviceRef devRef,
      NetDevice dev,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      boolean arp,
      Ipv4Packet packet,
      Consumer<MacAddress> then);
}
