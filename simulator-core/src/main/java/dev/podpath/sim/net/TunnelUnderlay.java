package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.Step;
import java.util.function.Function;

/**
 * The underlay half of a tunnel's transmit ({@code udp_tunnel_xmit_skb}, {@code iptunnel_xmit}):
 * route the outer packet by the namespace's own tables and send it as a local packet. {@link
 * TunnelOutput} provides it.
 */
interface TunnelUnderlay {

  /**
   * Sends {@code outer} (source {@code 0.0.0.0} = chosen by the route) for the tunnel {@code dev}.
   *
   * @param step the encapsulation step, made once the outer source is known
   */
  void send(Netns ns, DeviceRef dev, Skb skb, Function<Ipv4Packet, Step> step, Ipv4Packet outer);
}
