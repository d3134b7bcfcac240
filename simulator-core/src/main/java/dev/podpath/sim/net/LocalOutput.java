package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.SocketError;

/**
 * {@code ip_local_out}: the one way out for a packet a namespace originates, once routed. {@link
 * LocalOut} provides it.
 */
interface LocalOutput {

  /**
   * {@code packet}, routed by {@code found}, leaves {@code ns} (OUTPUT, POSTROUTING, MTU, the
   * neighbour layer).
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one)
   */
  void output(
      Netns ns,
      long id,
      long copy,
      boolean arp,
      Ipv4Packet packet,
      FibResult.Found found,
      Sender sender);

  /** A socket's send fails locally: the error it reads, and the step that ends its packet. */
  void failed(long id, NetnsName ns, SocketError error);
}
