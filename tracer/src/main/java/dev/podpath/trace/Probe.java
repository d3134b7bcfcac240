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
 */
public record Probe(
    NetnsName from, Ipv4Address dst, Optional<Ipv4Address> src, Protocol protocol, int sport, int dport, int ttl) {

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
  }

  public static Probe icmp(NetnsName from, Ipv4Address dst) {
    return new Probe(from, dst, Optional.empty(), Protocol.ICMP, 0, 0, 64);
  }

  public Probe withTtl(int newTtl) {
    return new Probe(from, dst, src, protocol, sport, dport, newTtl);
  }

  @Override
  public String toString() {
    String what = switch (protocol) {
      case ICMP -> "ping";
      case UDP -> "udp " + sport + " -> " + dport;
      case TCP -> "tcp " + sport + " -> " + dport;
    };
    return what + " from " + from + src.map(s -> " (" + s + ")").orElse("") + " to " + dst;
  }
}
