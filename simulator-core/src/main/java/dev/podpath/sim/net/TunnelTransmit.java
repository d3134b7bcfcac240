package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;

/**
 * A tunnel device's transmit ({@code ndo_start_xmit}): a VXLAN device takes an Ethernet frame from
 * the links; IPIP and TUN devices (no ARP, no Ethernet header) take the routed packet from the
 * neighbour layer. {@link Vxlan}, {@link Ipip} and {@link Tun} provide it.
 */
interface TunnelTransmit {

  /** {@code vxlan_xmit}: the inner frame was transmitted on {@code ref} (already recorded). */
  void vxlan(DeviceRef ref, NetDevice dev, LinkKind.Vxlan conf, Skb skb);

  /** {@code geneve_xmit}: the inner frame was transmitted on {@code ref} (already recorded). */
  void geneve(DeviceRef ref, LinkKind.Geneve conf, Skb skb);

  /** {@code ip_tunnel_xmit}: the packet was routed into the tunnel towards {@code nextHop}. */
  void ipip(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.Ipip conf,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      Ipv4Packet inner);

  /** {@code wg_xmit}: the packet was routed into the WireGuard device. */
  void wireguard(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.WireGuard conf,
      long packetId,
      long copyId,
      Ipv4Packet inner);

  /** {@code tun_net_xmit}: the packet is queued for the program reading the device. */
  void tun(DeviceRef ref, NetDevice dev, long packetId, long copyId, Ipv4Packet inner);
}
