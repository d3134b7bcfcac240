package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.NetnsName;

/**
 * Sending a packet the stack itself made (an echo reply, an ICMP error, a SYN-ACK, a reset): routed
 * from {@code ns}, then out. {@link IpStack} provides it.
 */
interface StackOutput {

  void sendFromStack(NetnsName ns, long id, Ipv4Packet packet);
}
