package dev.podpath.sim.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import java.util.Objects;
import java.util.Optional;

/**
 * A conntrack tuple: protocol, addresses and the protocol's "ports" (TCP/UDP ports; for ICMP echo
 * the id as {@code sport} and type/code as {@code dport}, as {@code nf_conntrack_proto_icmp} keys
 * it).
 *
 * <pre>{@code
 * Tuple.of(10.1.0.1 > 10.2.0.1 echo request id 2009)  ->  icmp src=10.1.0.1 dst=10.2.0.1 type=8 code=0 id=2009
 * }</pre>
 */
public record Tuple(int protocol, Ipv4Address src, Ipv4Address dst, int sport, int dport) {

  public Tuple {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
  }

  /**
   * The tuple of a packet; empty for ICMP messages conntrack does not key (errors are handled
   * apart).
   */
  public static Optional<Tuple> of(Ipv4Packet p) {
    L4 l4 = p.l4();
    if (l4 instanceof L4.Tcp t) {
      return Optional.of(new Tuple(6, p.src(), p.dst(), t.sport(), t.dport()));
    } else if (l4 instanceof L4.Udp u) {
      return Optional.of(new Tuple(17, p.src(), p.dst(), u.sport(), u.dport()));
    } else if (l4 instanceof L4.Icmp i) {
      if (i.type() == L4.Icmp.ECHO_REQUEST || i.type() == L4.Icmp.ECHO_REPLY) {
        return Optional.of(new Tuple(1, p.src(), p.dst(), i.id(), i.type() << 8 | i.code()));
      }
      return Optional.empty();
    } else if (l4 instanceof L4.Ipip) {
      // IP in IP (protocol 4): nf_conntrack_proto_generic keys it by the addresses alone
      return Optional.of(new Tuple(4, p.src(), p.dst(), 0, 0));
    }
    throw new AssertionError(l4);
  }

  /**
   * The tuple a reply would carry ({@code nf_ct_invert_tuple}): addresses and ports swapped, echo
   * request to reply.
   */
  public Tuple invert() {
    if (protocol == 1) {
      int type = dport >> 8;
      int inv = type == L4.Icmp.ECHO_REQUEST ? L4.Icmp.ECHO_REPLY : L4.Icmp.ECHO_REQUEST;
      return new Tuple(1, dst, src, sport, inv << 8 | (dport & 0xff));
    }
    return new Tuple(protocol, dst, src, dport, sport);
  }

  public Tuple withSrc(Ipv4Address a, int port) {
    return new Tuple(protocol, a, dst, protocol == 1 ? sport : port, dport);
  }

  public Tuple withDst(Ipv4Address a, int port) {
    return new Tuple(protocol, src, a, sport, protocol == 1 ? dport : port);
  }

  /**
   * The fields {@code conntrack -L} shows for one direction, in its order: {@code src}, {@code
   * dst}, then {@code sport}, {@code dport} (TCP, UDP) or {@code type}, {@code code}, {@code id}
   * (ICMP); the map iterates in that order.
   */
  public java.util.Map<String, String> fields() {
    java.util.LinkedHashMap<String, String> f = new java.util.LinkedHashMap<>();
    f.put("src", src.toString());
    f.put("dst", dst.toString());
    if (protocol == 1) {
      f.put("type", Integer.toString(dport >> 8));
      f.put("code", Integer.toString(dport & 0xff));
      f.put("id", Integer.toString(sport));
    } else if (protocol == 6 || protocol == 17) {
      f.put("sport", Integer.toString(sport));
      f.put("dport", Integer.toString(dport));
    }
    return java.util.Collections.unmodifiableMap(f);
  }

  /** As {@code conntrack -L} prints one direction: {@code src=.. dst=.. sport=.. dport=..}. */
  public String text() {
    StringBuilder sb = new StringBuilder(64);
    appendText(sb);
    return sb.toString();
  }

  /** Appends {@link #text()} (the fields of {@link #fields()}, in their order). */
  void appendText(StringBuilder sb) {
    sb.append("src=").append(src).append(" dst=").append(dst);
    if (protocol == 1) {
      sb.append(" type=").append(dport >> 8).append(" code=").append(dport & 0xff);
      sb.append(" id=").append(sport);
    } else if (protocol == 6 || protocol == 17) {
      sb.append(" sport=").append(sport).append(" dport=").append(dport);
    }
  }

  /** {@code tcp}, {@code udp} or {@code icmp}. */
  public String protocolName() {
    return switch (protocol) {
      case 1 -> "icmp";
      case 6 -> "tcp";
      case 17 -> "udp";
      default -> "unknown";
    };
  }

  /** Rewrites a packet's source to this tuple's source (address and, for TCP/UDP, port). */
  static Ipv4Packet rewriteSrc(Ipv4Packet p, Ipv4Address a, int port) {
    Ipv4Packet q = p.withSrc(a);
    if (p.l4() instanceof L4.Tcp t) {
      return q.withL4(new L4.Tcp(port, t.dport(), t.flags()));
    } else if (p.l4() instanceof L4.Udp u) {
      return q.withL4(new L4.Udp(port, u.dport()));
    }
    return q;
  }

  /** Rewrites a packet's destination (address and, for TCP/UDP, port). */
  static Ipv4Packet rewriteDst(Ipv4Packet p, Ipv4Address a, int port) {
    Ipv4Packet q = p.withDst(a);
    if (p.l4() instanceof L4.Tcp t) {
      return q.withL4(new L4.Tcp(t.sport(), port, t.flags()));
    } else if (p.l4() instanceof L4.Udp u) {
      return q.withL4(new L4.Udp(u.sport(), port));
    }
    return q;
  }

  @Override
  public String toString() {
    return protocolName() + " " + text();
  }
}
