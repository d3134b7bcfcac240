package dev.podpath.sim.net;

import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;

/**
 * {@code arp_rcv}: an ARP message for this host arrived on {@code ref}. {@link Arp} provides it.
 */
interface ArpInput {

  void receive(DeviceRef ref, NetDevice dev, Skb skb, ArpMessage msg);
}
