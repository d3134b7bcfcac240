package dev.podpath.sim.outcome;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;

/**
 * What a tunnel built its outer header from, typed, for {@link Step.Encapsulated}: the setting that
 * chose the outer destination, TTL, DF and UDP source port. The simulation records these facts; the
 * renderers word them (the same words for VXLAN and Geneve, made in one place), so no text is
 * composed while a packet is simulated.
 */
public sealed interface EncapBasis {

  /**
   * How the outer TTL was chosen for a UDP tunnel (VXLAN, Geneve): the device's {@code ttl N}, else
   * {@code ttl inherit} (the inner packet's), else the namespace's default TTL.
   *
   * @param fixed the device's {@code ttl}, 0 when unset
   * @param inherit whether the device has {@code ttl inherit}
   */
  record UdpTtl(int fixed, boolean inherit) {}

  /**
   * VXLAN: the remote VTEP is the outer destination, named by the step's FDB entry (or by the entry
   * learned for the inner frame's destination MAC); the outer UDP source port stands in for the
   * kernel's hash of the inner flow.
   *
   * @param vtep the remote VTEP
   * @param ttl the outer TTL
   * @param setting how it was chosen
   * @param sourcePort the outer UDP source port
   */
  record Vxlan(Ipv4Address vtep, int ttl, UdpTtl setting, int sourcePort) implements EncapBasis {}

  /**
   * Geneve: the device's one remote and VNI; TTL and source port as VXLAN's.
   *
   * @param remote the device's {@code remote}
   * @param vni the device's VNI
   */
  record Geneve(Ipv4Address remote, int vni, int ttl, UdpTtl setting, int sourcePort)
      implements EncapBasis {}

  /**
   * IPIP: the outer destination is the tunnel's {@code remote}, or the route's gateway when it has
   * none; the outer TTL the tunnel's {@code ttl}, or the inner packet's; DF from {@code pmtudisc}
   * or the inner packet.
   *
   * @param dst the outer destination
   * @param fixedRemote whether the tunnel has a fixed {@code remote}
   * @param ttl the outer TTL
   * @param fixedTtl the tunnel's {@code ttl}, 0 for inherit
   * @param df how DF was set
   */
  record Ipip(Ipv4Address dst, boolean fixedRemote, int ttl, int fixedTtl, IpipDf df)
      implements EncapBasis {}

  /** How an IPIP tunnel set DF on the outer header ({@code ip_tunnel_xmit}). */
  enum IpipDf {
    /** Set: the tunnel has {@code pmtudisc}. */
    PMTUDISC,
    /** Copied from the inner packet's DF. */
    INNER,
    /** Unset: {@code nopmtudisc} and an inner packet without DF. */
    UNSET
  }

  /**
   * flannel's UDP backend: flanneld's lease for the inner destination names the node; it sends the
   * bare packet from its UDP socket.
   *
   * @param subnet the lease's subnet
   * @param node the node the lease names
   * @param port flanneld's UDP port
   * @param ttl the outer TTL (the namespace's default)
   * @param program the line that started flanneld
   */
  record FlannelUdp(Prefix subnet, Ipv4Address node, int port, int ttl, Origin program)
      implements EncapBasis {}

  /**
   * WireGuard: the peer whose allowed-ips hold the inner destination most specifically, its
   * endpoint, whether the packet waited for a handshake, and the padding of the encrypted payload.
   *
   * @param peerKey the peer's public key
   * @param innerDst the inner destination its allowed-ips hold
   * @param endpoint the peer's endpoint address
   * @param endpointPort the peer's endpoint port
   * @param queuedForHandshake whether the packet waited for a handshake with the peer
   * @param ttl the outer TTL (the namespace's default)
   * @param innerLength the inner packet's length
   * @param padded the encrypted payload's length before its tag
   * @param outerLength the outer packet's length
   */
  record WireGuard(
      String peerKey,
      Ipv4Address innerDst,
      Ipv4Address endpoint,
      int endpointPort,
      boolean queuedForHandshake,
      int ttl,
      int innerLength,
      int padded,
      int outerLength)
      implements EncapBasis {}
}
