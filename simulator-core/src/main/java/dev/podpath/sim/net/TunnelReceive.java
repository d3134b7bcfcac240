package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;

/**
 * A tunnel's receive, as local delivery calls it: a UDP datagram a tunnel's socket owns (VXLAN,
 * flanneld), a protocol-4 packet (IPIP), and the ICMP errors about a tunnel's outer packet, which
 * the tunnel absorbs. {@link Vxlan}, {@link Tun}, {@link Ipip} and {@link TunnelOutput} provide it.
 */
interface TunnelReceive {

  /** A UDP datagram for a local address; true if a tunnel's socket took it. */
  boolean udp(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp);

  /** {@code ipip_rcv}: a protocol-4 packet for a local address. */
  void ipip(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Ipip ipip);

  /** {@code ipip_err}: an ICMP error about an outer IPIP packet. */
  void ipipError(Netns ns, String inDev, Skb skb, L4.Icmp icmp);

  /** An ICMP error about a UDP tunnel's outer packet. */
  void udpError(Netns ns, String inDev, Skb skb, L4.Icmp icmp);

  /** Whether {@code p} is the outer packet of a UDP tunnel (VXLAN, flannel's UDP backend). */
  static boolean isUdpTunnel(Ipv4Packet p) {
    return p.l4() instanceof L4.Udp u && u.payload().isPresent();
  }
}
