package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;

/**
 * Receiving a frame on a device ({@code netif_receive_skb}), as a tunnel hands up what it unwrapped
 * and a bridge passes a frame up to its host. {@link Links} provides it.
 */
interface LinkInput {

  /**
   * A tunnel's inner frame arrives on the tunnel device {@code dev}: admin state, a bridge port's
   * hand-off, then the stack; no receive-side MTU check (a tunnel has none).
   */
  void receiveDecapsulated(DeviceRef dev, Skb skb);

  /**
   * The frame reaches the IP/ARP layer of the namespace on {@code dev} (a bridge device included):
   * the destination-MAC filter, then ARP or IP.
   */
  void passUp(DeviceRef ref, NetDevice dev, Skb skb);
}
