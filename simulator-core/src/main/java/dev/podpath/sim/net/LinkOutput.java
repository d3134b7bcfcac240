package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;

/**
 * Sending a frame out of a device ({@code dev_queue_xmit}), as the bridge, the neighbour layer, ARP
 * and loopback output call it. {@link Links} provides it.
 */
interface LinkOutput {

  /**
   * The kernel accepts frames up to MTU + Ethernet header + one VLAN tag ({@code
   * is_skb_forwardable}).
   */
  int VLAN_SLACK = 4;

  /** Sends {@code skb} out of {@code dev}. */
  void transmit(DeviceRef dev, Skb skb);
}
