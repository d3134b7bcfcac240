package dev.podpath.model.packet;

import java.util.Objects;

/**
 * What a UDP datagram carries when podpath follows it further: a tunnelled frame or packet.
 * Ordinary datagrams carry nothing podpath looks at ({@link L4.Udp#payload()} is empty).
 */
public sealed interface UdpPayload {

  /** The payload length in bytes (the UDP header excluded). */
  int length();

  /**
   * A VXLAN header (flags I, the VNI) and the inner Ethernet frame (RFC 7348).
   *
   * <pre>{@code
   * 192.168.2.16.40170 > 192.168.2.15.8472: VXLAN, flags [I] (0x08), vni 1
   * }</pre>
   */
  record Vxlan(int vni, Frame inner) implements UdpPayload {
    /** The VXLAN header. */
    public static final int HEADER_BYTES = 8;

    public Vxlan {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public int length() {
      return HEADER_BYTES + Frame.HEADER_BYTES + inner.l3Length();
    }

    @Override
    public String toString() {
      return "VXLAN vni " + vni;
    }
  }

  /**
   * A Geneve header without options (version 0, protocol 0x6558: Ethernet, the VNI) and the inner
   * Ethernet frame (RFC 8926), as the kernel's geneve device sends it.
   *
   * <pre>{@code
   * 192.168.0.1.40170 > 192.168.0.2.6081: Geneve, Flags [none], vni 0x2a
   * }</pre>
   */
  record Geneve(int vni, Frame inner) implements UdpPayload {
    /** The Geneve header without options. */
    public static final int HEADER_BYTES = 8;

    /** The protocol type of an Ethernet frame (Transparent Ethernet Bridging). */
    public static final int PROTOCOL_ETHERNET = 0x6558;

    public Geneve {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public int length() {
      return HEADER_BYTES + Frame.HEADER_BYTES + inner.l3Length();
    }

    @Override
    public String toString() {
      return "Geneve vni " + vni;
    }
  }

  /** A bare IPv4 packet, as flannel's UDP backend sends what it read from its TUN device. */
  record Ip(Ipv4Packet inner) implements UdpPayload {
    public Ip {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public int length() {
      return inner.totalLength();
    }

    @Override
    public String toString() {
      return "IPv4 packet";
    }
  }
}
