package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.NetnsName;

/**
 * The ICMP messages the stack sends ({@code icmp_send}, echo replies). {@link Icmp} provides it.
 */
interface IcmpOutput {

  /** An ICMP error about {@code offending} (if the rate limit and the error rules allow one). */
  void sendError(NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code, int mtu);

  /**
   * An ICMP error about a frame the bridge passed to iptables (br_netfilter): its route is
   * br_netfilter's fake one, never local ({@code RTCF_LOCAL}), so {@code icmp_send} takes the
   * source from the route back to the sender even when the packet was for an address of this
   * namespace.
   */
  void sendErrorAboutBridged(
      NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code);

  /**
   * {@code ip_error()}'s own charge for a forwarded packet that met no usable route; whether the
   * error may go on to {@link #sendError}.
   */
  boolean routeErrorAllowed(NetnsName ns, long offendingId, Ipv4Packet offending, int code);

  /**
   * {@code ip_rt_send_redirect()}: charges the sender's peer entry for a redirect about {@code
   * offending} (which the router forwards back out of its input device) and says whether the kernel
   * sends one now. The entry's clock is the one the sender's ICMP errors are limited by.
   */
  boolean redirect(
      NetnsName ns,
      long offendingId,
      Ipv4Packet offending,
      dev.podpath.model.addr.Ipv4Address gateway);

  void echoReply(NetnsName ns, long requestId, Ipv4Packet request);
}
