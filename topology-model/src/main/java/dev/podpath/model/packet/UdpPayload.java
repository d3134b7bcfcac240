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

  /**
   * A WireGuard message (the protocol's {@code message_handshake_initiation}, {@code
   * message_handshake_response} or {@code message_data}): what the wire carries is encrypted, so
   * podpath keeps, beside the message type, the sender device's public key (which the real message
   * carries encrypted or names by its session index) and the inner packet a data message carries.
   *
   * <pre>{@code
   * 192.168.0.1.51820 > 192.168.0.2.51820: UDP, length 128   (WireGuard transport data)
   * }</pre>
   *
   * @param type what the message is
   * @param sender the sending device's public key
   * @param receiverIndex the receiver's session index (data and response messages; 0 otherwise)
   * @param counter the data message's nonce counter
   * @param inner the inner packet of a data message; empty for a keepalive and the handshake
   * @param padded the encrypted length of the inner packet: padded to a multiple of 16 but not
   *     beyond the device's MTU ({@code calculate_skb_padding}); 0 for a keepalive
   */
  record WireGuard(
      WgMessage type,
      String sender,
      int receiverIndex,
      long counter,
      java.util.Optional<Ipv4Packet> inner,
      int padded)
      implements UdpPayload {

    /** The data message's header (type 4, reserved, receiver index 4, counter 8). */
    public static final int DATA_HEADER_BYTES = 16;

    /** The Poly1305 authentication tag after the encrypted payload. */
    public static final int TAG_BYTES = 16;

    public WireGuard {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public int length() {
      return switch (type) {
        case HANDSHAKE_INITIATION -> 148;
        case HANDSHAKE_RESPONSE -> 92;
        case DATA -> DATA_HEADER_BYTES + padded + TAG_BYTES;
      };
    }

    @Override
    public String toString() {
      return switch (type) {
        case HANDSHAKE_INITIATION -> "WireGuard handshake initiation";
        case HANDSHAKE_RESPONSE -> "WireGuard handshake response";
        case DATA ->
            inner.isPresent()
                ? "WireGuard transport data (encrypted, not shown)"
                : "WireGuard keepalive";
      };
    }
  }

  /** A WireGuard message type, with its number on the wire. */
  enum WgMessage {
    HANDSHAKE_INITIATION(1),
    HANDSHAKE_RESPONSE(2),
    DATA(4);

    private final int wire;

    WgMessage(int wire) {
      this.wire = wire;
    }

    /** The message type's byte on the wire. */
    public int wire() {
      return wire;
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
