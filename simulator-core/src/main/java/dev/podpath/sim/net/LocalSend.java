package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * What a local socket sends: {@code ping}, a UDP datagram, a TCP SYN.
 *
 * @param src a bound source address ({@code ping -I ADDR}), if any
 * @param ttl the IP TTL (64 unless set with {@code -t})
 * @param payloadBytes bytes after the L4 header (ping's {@code -s}, 56 by default)
 * @param dontFragment the DF flag (ping sets it by default)
 * @param raw sent through a raw socket ({@code traceroute -T}'s SYNs): the kernel holds no TCP
 *     connection for it, so a SYN-ACK that answers it finds no socket and is reset
 */
public record LocalSend(
    NetnsName netns,
    Ipv4Address dst,
    Optional<Ipv4Address> src,
    L4 l4,
    int ttl,
    int payloadBytes,
    boolean dontFragment,
    boolean raw) {

  /** What an ordinary socket sends. */
  public LocalSend(
      NetnsName netns,
      Ipv4Address dst,
      Optional<Ipv4Address> src,
      L4 l4,
      int ttl,
      int payloadBytes,
      boolean dontFragment) {
    this(netns, dst, src, l4, ttl, payloadBytes, dontFragment, false);
  }

  public LocalSend {
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(l4, "l4");
  }

  public static LocalSend ping(NetnsName netns, Ipv4Address dst) {
    return new LocalSend(
        netns, dst, Optional.empty(), L4.Icmp.echoRequest(0x1234, 1), 64, 56, true);
  }

  /** The IPv4 total length: header, L4 header (8 for ICMP/UDP, 20 for TCP), payload. */
  public int totalLength() {
    int l4Header = l4 instanceof L4.Tcp ? 20 : 8;
    return 20 + l4Header + payloadBytes;
  }

  public LocalSend withTtl(int newTtl) {
    return new LocalSend(netns, dst, src, l4, newTtl, payloadBytes, dontFragment, raw);
  }

  /** The same packet, sent through a raw socket (or not). */
  public LocalSend withRaw(boolean isRaw) {
    return new LocalSend(netns, dst, src, l4, ttl, payloadBytes, dontFragment, isRaw);
  }
}
