package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;

/**
 * {@code ip_rcv}: an IPv4 packet for this host arrived on {@code ref}. {@link IpStack} provides it.
 */
interface IpInput {

  void receive(DeviceRef ref, NetDevice dev, Skb skb, Ipv4Packet packet);
}
