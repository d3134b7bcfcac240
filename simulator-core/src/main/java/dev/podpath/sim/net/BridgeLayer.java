package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;

/** The bridge as the links call it: a frame entering a port, or sent by the host on the bridge. */
interface BridgeLayer {

  /** {@code br_handle_frame}: a frame arrived on {@code port}, a port of {@code bridge}. */
  void portInput(DeviceRef bridge, NetDevice port, Skb skb);

  /** {@code br_dev_xmit}: the host sends a frame through the bridge device itself. */
  void transmitFromHost(DeviceRef bridgeRef, NetDevice bridge, Skb skb);
}
