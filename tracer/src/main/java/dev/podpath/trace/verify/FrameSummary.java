package dev.podpath.trace.verify;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A captured frame as {@code verify --pcap} compares it, in one line: its length, both MACs (named
 * by the devices that own them), and for ARP the operation, sender MAC and both addresses; for
 * every IPv4 header (a VXLAN frame's outer and inner one, an ICMP error's quote) its addresses, TTL
 * and total length; the ICMP type and code, UDP's destination port, the VXLAN VNI, TCP's flags and
 * ports. Left out: what the kernel chooses and podpath cannot know (IPv4 identification, checksums,
 * TCP sequence numbers and options, ICMP echo identifiers, a UDP source port, a port in the
 * ephemeral range 32768-65535, shown as {@code *}), and the kernel's own chatter podpath does not
 * model: IPv6, IGMP, and frames that are not Ethernet II (a bridge's STP BPDUs).
 */
final class FrameSummary {

  /** LINKTYPE_ETHERNET. */
  static final int ETHERNET = 1;

  /** LINKTYPE_RAW and LINKTYPE_IPV4: bare IPv4 packets. */
  private static final Set<Integer> RAW = Set.of(101, 228);

  private final Set<Integer> vxlanPorts;
  private final UnaryOperator<String> macNames;

  /**
   * @param vxlanPorts the UDP ports whose datagrams are VXLAN (the scenario's VXLAN devices')
   * @param macNames a MAC ({@code aa:bb:...}, lower case) to the devices that own it
   */
  FrameSummary(Set<Integer> vxlanPorts, UnaryOperator<String> macNames) {
    this.vxlanPorts = Set.copyOf(vxlanPorts);
    this.macNames = macNames;
  }

  /** The frame's line, or empty when it is chatter podpath does not model (IPv6, IGMP, STP). */
  Optional<String> of(int linkType, byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    sb.append(bytes.length).append(" bytes ");
    boolean ok;
    if (linkType == ETHERNET) {
      ok = ethernet(bytes, 0, sb);
    } else if (RAW.contains(linkType)) {
      ok = ipv4(bytes, 0, sb, true);
    } else {
      sb.append("link type ").append(linkType);
      ok = true;
    }
    return ok ? Optional.of(sb.toString()) : Optional.empty();
  }

  private boolean ethernet(byte[] b, int at, StringBuilder sb) {
    if (b.length < at + 14) {
      sb.append("(a frame cut short)");
      return true;
    }
    int type = u16(b, at + 12);
    if (type < 0x0600 || type == 0x86dd) {
      return false; // IEEE 802.3 (STP), IPv6
    }
    sb.append(mac(b, at + 6)).append(" > ").append(mac(b, at));
    if (type == 0x0806) {
      return arp(b, at + 14, sb);
    }
    if (type == 0x0800) {
      sb.append(' ');
      return ipv4(b, at + 14, sb, true);
    }
    sb.append(String.format(Locale.ROOT, " EtherType 0x%04x", type));
    return true;
  }

  private boolean arp(byte[] b, int at, StringBuilder sb) {
    if (b.length < at + 28) {
      sb.append(" ARP (cut short)");
      return true;
    }
    int op = u16(b, at + 6);
    sb.append(op == 1 ? " ARP request" : op == 2 ? " ARP reply" : " ARP op " + op)
        .append(" from ")
        .append(mac(b, at + 8))
        .append(' ')
        .append(ip(b, at + 14))
        .append(" for ")
        .append(ip(b, at + 24));
    return true;
  }

  /** One IPv4 header and what it carries; false for IGMP (not modelled chatter). */
  private boolean ipv4(byte[] b, int at, StringBuilder sb, boolean whole) {
    if (b.length < at + 20 || (b[at] & 0xf0) != 0x40) {
      if (b.length > at && (b[at] & 0xf0) == 0x60) {
        return false; // IPv6 on a bare link
      }
      sb.append("IPv4 (cut short)");
      return true;
    }
    int ihl = (b[at] & 0x0f) * 4;
    int total = u16(b, at + 2);
    int ttl = b[at + 8] & 0xff;
    int proto = b[at + 9] & 0xff;
    if (proto == 2 && whole) {
      return false;
    }
    sb.append("IPv4 ")
        .append(ip(b, at + 12))
        .append(" > ")
        .append(ip(b, at + 16))
        .append(" ttl ")
        .append(ttl)
        .append(" len ")
        .append(total);
    int l4 = at + ihl;
    switch (proto) {
      case 1 -> icmp(b, l4, sb, whole);
      case 6 -> tcp(b, l4, sb);
      case 17 -> udp(b, l4, sb, whole);
      default -> sb.append(" proto ").append(proto);
    }
    return true;
  }

  private void icmp(byte[] b, int at, StringBuilder sb, boolean whole) {
    if (b.length < at + 2) {
      return;
    }
    int type = b[at] & 0xff;
    sb.append(" ICMP type ").append(type).append(" code ").append(b[at + 1] & 0xff);
    if (whole && (type == 3 || type == 11 || type == 12) && b.length >= at + 8 + 20) {
      sb.append(" [quote: ");
      ipv4(b, at + 8, sb, false);
      sb.append(']');
    }
  }

  private void udp(byte[] b, int at, StringBuilder sb, boolean whole) {
    if (b.length < at + 8) {
      return;
    }
    int dport = u16(b, at + 2);
    sb.append(" UDP > ").append(port(dport));
    if (whole && vxlanPorts.contains(dport) && b.length >= at + 16) {
      int vni = ((b[at + 12] & 0xff) << 16) | ((b[at + 13] & 0xff) << 8) | (b[at + 14] & 0xff);
      sb.append(" VXLAN vni ").append(vni).append(" [");
      if (!ethernet(b, at + 16, sb)) {
        sb.append("not modelled chatter");
      }
      sb.append(']');
    }
  }

  private void tcp(byte[] b, int at, StringBuilder sb) {
    if (b.length < at + 14) {
      return;
    }
    sb.append(" TCP ")
        .append(port(u16(b, at)))
        .append(" > ")
        .append(port(u16(b, at + 2)))
        .append(" [");
    int flags = b[at + 13] & 0xff;
    String names = "FSRPAU";
    for (int k = 0; k < names.length(); k++) {
      if ((flags & (1 << k)) != 0) {
        sb.append(names.charAt(k));
      }
    }
    sb.append(']');
  }

  private String mac(byte[] b, int at) {
    String mac =
        String.format(
            Locale.ROOT,
            "%02x:%02x:%02x:%02x:%02x:%02x",
            b[at],
            b[at + 1],
            b[at + 2],
            b[at + 3],
            b[at + 4],
            b[at + 5]);
    if (mac.equals("ff:ff:ff:ff:ff:ff") || mac.equals("00:00:00:00:00:00")) {
      return mac;
    }
    return macNames.apply(mac);
  }

  private static String ip(byte[] b, int at) {
    return (b[at] & 0xff)
        + "."
        + (b[at + 1] & 0xff)
        + "."
        + (b[at + 2] & 0xff)
        + "."
        + (b[at + 3] & 0xff);
  }

  /** A port, or {@code *} in Linux's ephemeral range (the kernel's pick, not podpath's). */
  private static String port(int p) {
    return p >= 32768 ? "*" : Integer.toString(p);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
