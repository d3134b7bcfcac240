package dev.podpath.trace.render.pcap;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.TcpFlags;
import dev.podpath.model.packet.UdpPayload;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A typed {@link Frame} or {@link Ipv4Packet} as the bytes on the wire: Ethernet II, ARP, IPv4 with
 * its header checksum, ICMP, UDP and TCP with theirs (over the pseudo-header), the VXLAN header
 * (RFC 7348) and its inner frame, IPIP's inner packet.
 *
 * <p>What the model does not hold is filled the way Linux fills it, and said here once: the IPv4
 * identification is 0; an echo's data is ping's pattern (byte i is i); a datagram's data is zeros;
 * a TCP segment carries Linux's options where its length leaves room for them (a SYN or SYN-ACK of
 * 60 bytes: MSS 1460, SACK permitted, timestamps, window scale 7; a segment of 52: timestamps),
 * fixed sequence numbers that agree with each other within one connection (the client's 1000, the
 * server's 2000) and a window of 64240; a VXLAN datagram's UDP checksum is 0, as the kernel sends
 * it by default ({@code noudpcsum}); an ICMP error quotes the offending packet's bytes as far as
 * its length reaches (the kernel's 576-byte limit is already in the error's length).
 */
public final class WireBytes {

  /** EtherType of IPv4. */
  static final int ETH_P_IP = 0x0800;

  /** EtherType of ARP. */
  static final int ETH_P_ARP = 0x0806;

  /** The client's initial sequence number in every rendered connection. */
  static final long CLIENT_ISN = 1000;

  /** The server's initial sequence number in every rendered connection. */
  static final long SERVER_ISN = 2000;

  private WireBytes() {}

  /** The frame as Ethernet II: destination, source, EtherType, payload (no FCS, no padding). */
  public static byte[] frame(Frame f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    mac(out, f.dst());
    mac(out, f.src());
    if (f.payload() instanceof ArpMessage a) {
      u16(out, ETH_P_ARP);
      out.writeBytes(arp(a));
    } else if (f.payload() instanceof Ipv4Packet p) {
      u16(out, ETH_P_IP);
      out.writeBytes(ipv4(p));
    }
    return out.toByteArray();
  }

  /** An ARP message for Ethernet and IPv4 (28 bytes). */
  static byte[] arp(ArpMessage a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, 1); // hardware: Ethernet
    u16(out, ETH_P_IP);
    out.write(6);
    out.write(4);
    u16(out, a.op() == ArpMessage.Op.REQUEST ? 1 : 2);
    mac(out, a.senderMac());
    ip(out, a.senderIp());
    mac(out, a.targetMac());
    ip(out, a.targetIp());
    return out.toByteArray();
  }

  /** The IPv4 packet, {@link Ipv4Packet#totalLength()} bytes. */
  public static byte[] ipv4(Ipv4Packet p) {
    int l4Length = p.totalLength() - Ipv4Packet.HEADER_BYTES;
    byte[] l4 = fit(transport(p, l4Length), l4Length);
    byte[] out = new byte[p.totalLength()];
    out[0] = 0x45;
    out[1] = (byte) p.tos();
    put16(out, 2, p.totalLength());
    put16(out, 4, 0);
    put16(out, 6, p.dontFragment() ? 0x4000 : 0);
    out[8] = (byte) p.ttl();
    out[9] = (byte) p.protocol();
    put32(out, 12, p.src().bits());
    put32(out, 16, p.dst().bits());
    put16(out, 10, Checksum.of(out, 0, Ipv4Packet.HEADER_BYTES));
    System.arraycopy(l4, 0, out, Ipv4Packet.HEADER_BYTES, l4.length);
    return out;
  }

  private static byte[] transport(Ipv4Packet p, int length) {
    L4 l4 = p.l4();
    if (l4 instanceof L4.Icmp i) {
      return icmp(i, length);
    } else if (l4 instanceof L4.Udp u) {
      return udp(p, u, length);
    } else if (l4 instanceof L4.Tcp t) {
      return tcp(p, t, length);
    } else if (l4 instanceof L4.Ipip ipip) {
      return ipv4(ipip.inner());
    }
    throw new AssertionError(l4);
  }

  private static byte[] icmp(L4.Icmp i, int length) {
    byte[] out = new byte[Math.max(length, 8)];
    out[0] = (byte) i.type();
    out[1] = (byte) i.code();
    if (i.quoted().isPresent()) {
      if (i.type() == L4.Icmp.DEST_UNREACH && i.code() == L4.Icmp.FRAG_NEEDED) {
        put16(out, 6, i.mtu());
      }
      byte[] quoted = ipv4(i.quoted().get());
      System.arraycopy(quoted, 0, out, 8, Math.min(quoted.length, out.length - 8));
    } else {
      put16(out, 4, i.id());
      put16(out, 6, i.seq());
      for (int k = 8; k < out.length; k++) {
        out[k] = (byte) (k - 8);
      }
    }
    put16(out, 2, Checksum.of(out, 0, out.length));
    return out;
  }

  private static byte[] udp(Ipv4Packet p, L4.Udp u, int length) {
    byte[] data;
    boolean vxlan = false; // VXLAN and Geneve: the kernel sends them without a UDP checksum
    if (u.payload().isPresent() && u.payload().get() instanceof UdpPayload.Vxlan v) {
      vxlan = true;
      byte[] inner = frame(v.inner());
      data = new byte[UdpPayload.Vxlan.HEADER_BYTES + inner.length];
      data[0] = 0x08; // flags: I, the VNI is valid
      data[4] = (byte) (v.vni() >>> 16);
      data[5] = (byte) (v.vni() >>> 8);
      data[6] = (byte) v.vni();
      System.arraycopy(inner, 0, data, UdpPayload.Vxlan.HEADER_BYTES, inner.length);
    } else if (u.payload().isPresent() && u.payload().get() instanceof UdpPayload.Geneve g) {
      vxlan = true;
      byte[] inner = frame(g.inner());
      data = new byte[UdpPayload.Geneve.HEADER_BYTES + inner.length];
      // version 0, no options, flags O and C clear
      data[2] = (byte) (UdpPayload.Geneve.PROTOCOL_ETHERNET >>> 8);
      data[3] = (byte) UdpPayload.Geneve.PROTOCOL_ETHERNET;
      data[4] = (byte) (g.vni() >>> 16);
      data[5] = (byte) (g.vni() >>> 8);
      data[6] = (byte) g.vni();
      System.arraycopy(inner, 0, data, UdpPayload.Geneve.HEADER_BYTES, inner.length);
    } else if (u.payload().isPresent() && u.payload().get() instanceof UdpPayload.WireGuard w) {
      data = wireguard(w);
    } else if (u.payload().isPresent() && u.payload().get() instanceof UdpPayload.Ip ip) {
      data = ipv4(ip.inner());
    } else {
      data = new byte[Math.max(0, length - L4.Udp.HEADER_BYTES)];
    }
    byte[] out = new byte[L4.Udp.HEADER_BYTES + data.length];
    put16(out, 0, u.sport());
    put16(out, 2, u.dport());
    put16(out, 4, out.length);
    System.arraycopy(data, 0, out, L4.Udp.HEADER_BYTES, data.length);
    if (!vxlan) {
      int sum = Checksum.withPseudoHeader(p.src(), p.dst(), 17, out);
      put16(out, 6, sum == 0 ? 0xffff : sum);
    }
    return out;
  }

  /**
   * A WireGuard message as the wire carries it: its type (a little-endian 32-bit word), and for a
   * data message the receiver's index and the counter, then the encrypted packet and its tag, here
   * zeros (the encryption is not modelled: tshark shows "Transport Data" and the lengths). The
   * handshake messages carry their type and zeros in place of their keys and MACs.
   */
  private static byte[] wireguard(UdpPayload.WireGuard w) {
    byte[] data = new byte[w.length()];
    data[0] = (byte) w.type().wire();
    if (w.type() == UdpPayload.WgMessage.DATA) {
      for (int i = 0; i < 4; i++) {
        data[4 + i] = (byte) (w.receiverIndex() >>> (8 * i));
      }
      for (int i = 0; i < 8; i++) {
        data[8 + i] = (byte) (w.counter() >>> (8 * i));
      }
    }
    return data;
  }

  private static byte[] tcp(Ipv4Packet p, L4.Tcp t, int length) {
    TcpFlags flags = t.flags();
    byte[] options = tcpOptions(flags, length);
    int header = 20 + options.length;
    byte[] out = new byte[Math.max(length, header)];
    put16(out, 0, t.sport());
    put16(out, 2, t.dport());
    long seq;
    long ack;
    if (flags.has(TcpFlags.SYN)) {
      seq = flags.has(TcpFlags.ACK) ? SERVER_ISN : CLIENT_ISN;
      ack = flags.has(TcpFlags.ACK) ? CLIENT_ISN + 1 : 0;
    } else if (flags.has(TcpFlags.RST)) {
      seq = 0;
      ack = flags.has(TcpFlags.ACK) ? CLIENT_ISN + 1 : 0;
    } else {
      seq = CLIENT_ISN + 1;
      ack = flags.has(TcpFlags.ACK) ? SERVER_ISN + 1 : 0;
    }
    put32(out, 4, (int) seq);
    put32(out, 8, (int) ack);
    out[12] = (byte) ((header / 4) << 4);
    out[13] = (byte) flags.bits();
    put16(out, 14, flags.has(TcpFlags.RST) ? 0 : 64240);
    System.arraycopy(options, 0, out, 20, options.length);
    put16(out, 16, Checksum.withPseudoHeader(p.src(), p.dst(), 6, out));
    return out;
  }

  /** Linux's options: all four on a SYN or SYN-ACK, the timestamps on other segments. */
  private static byte[] tcpOptions(TcpFlags flags, int length) {
    if (flags.has(TcpFlags.RST)) {
      return new byte[0];
    }
    if (flags.has(TcpFlags.SYN) && length >= 40) {
      return new byte[] {
        2,
        4,
        0x05,
        (byte) 0xb4, // MSS 1460
        4,
        2, // SACK permitted
        8,
        10,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0, // timestamps
        1, // NOP
        3,
        3,
        7 // window scale 7
      };
    }
    if (length >= 32) {
      return new byte[] {1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1};
    }
    return new byte[0];
  }

  /** {@code bytes} cut or padded with zeros to {@code length}. */
  private static byte[] fit(byte[] bytes, int length) {
    return bytes.length == length ? bytes : Arrays.copyOf(bytes, Math.max(0, length));
  }

  private static void mac(ByteArrayOutputStream out, MacAddress m) {
    for (int shift = 40; shift >= 0; shift -= 8) {
      out.write((int) (m.bits() >>> shift) & 0xff);
    }
  }

  private static void ip(ByteArrayOutputStream out, Ipv4Address a) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((a.bits() >>> shift) & 0xff);
    }
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static void put32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
