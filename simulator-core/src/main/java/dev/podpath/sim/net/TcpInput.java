package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;

/** The local ends of TCP as the stack and netfilter call them. {@link Tcp} provides it. */
interface TcpInput {

  /**
   * A segment for a local address and no socket that sent: a listener, a connection, or a reset.
   */
  void receive(Netns ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp);

  /** A SYN-ACK reached the socket that sent the SYN. */
  void connected(NetnsName ns, long synAckId, Ipv4Packet synAck, L4.Tcp tcp);

  /** An answer to a SYN a raw socket sent ({@code traceroute -T}). */
  void rawAnswered(NetnsName ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp);

  /** The RST a closed port or {@code REJECT --reject-with tcp-reset} answers {@code to} with. */
  void reset(NetnsName ns, long causeId, Ipv4Packet to, L4.Tcp tcp);
}
