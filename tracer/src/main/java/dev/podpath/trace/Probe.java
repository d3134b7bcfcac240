package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * What to trace: a packet from a namespace to an address.
 *
 * <pre>{@code
 * Probe.icmp(NetnsName.of("busybox-jpnb6"), Ipv4Address.parse("10.10.2.4"))
 * new Probe(ns, dst, Optional.empty(), Protocol.TCP, 40000, 80, 64)
 * }</pre>
 *
 * @param src a source address to use (must be local), if not the one routing picks
 * @param payloadBytes bytes after the L4 header (ping's {@code -s}: 56 by default; 0 for udp/tcp)
 * @param dontFragment the DF flag (ping's {@code -M do}, the default; {@code -M dont} clears it)
 */
public record Probe(
    NetnsName from,
    Ipv4Address dst,
    Optional<Ipv4Address> src,
    Protocol protocol,
    int sport,
    int dport,
    int ttl,
    int payloadBytes,
    boolean dontFragment) {

  /** ping's default payload ({@code -s 56}). */
  public static final int PING_PAYLOAD = 56;

  /** A probe with the protocol's usual size (ping 56 bytes of payload) and DF set. */
  public Probe(
      NetnsName from,
      Ipv4Address dst,
      Optional<Ipv4Address> src,
      Protocol protocol,
      int sport,
      int dport,
      int ttl) {
    this(
        from,
        dst,
        src,
        protocol,
        sport,
        dport,
        ttl,
        protocol == Protocol.ICMP ? PING_PAYLOAD : 0,
        true);
  }

  /** The transport protocol of a probe. */
  public enum Protocol {
    ICMP,
    UDP,
    TCP
  }

  public Probe {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(protocol, "protocol");
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("ttl out of range: " + ttl);
    }
    if (payloadBytes < 0 || payloadBytes > 65507) {
      throw new IllegalArgumentException("payload out of range: " + payloadBytes);
    }
  }

  public static Probe icmp(NetnsName from, Ipv4Address dst) {
    return new Probe(from, dst, Optional.empty(), Protocol.ICMP, 0, 0, 64);
  }

  public Probe withTtl(int newTtl) {
    return new Probe(from, dst, src, protocol, sport, dport, newTtl, payloadBytes, dontFragment);
  }

  @Override
  public String toString() {
    String what =
        switch (protocol) {
          case ICMP -> "ping";
          case UDP -> "udp " + sport + " -> " + dport;
          case TCP -> "tcp " + sport + " -> " + dport;
        };
    boolean usual = payloadBytes == (protocol == Protocol.ICMP ? PING_PAYLOAD : 0) && dontFragment;
    return what
        + " from "
        + from
        + src.map(s -> " (" + s + ")").orElse("")
        + " to "
        + dst
        + (usual
            ? ""
            : " ("
                + payloadBytes
                + " bytes of payload, DF "
                + (dontFragment ? "set" : "clear")
                + ")");
  }
}
