package dev.podpath.model.packet;

import dev.podpath.model.addr.MacAddress;
import java.util.Objects;

/**
 * An Ethernet frame: the unit veth pairs and bridges move.
 *
 * @param src source MAC
 * @param dst destination MAC ({@link MacAddress#BROADCAST} for ARP requests)
 * @param payload an ARP message or an IPv4 packet
 */
public record Frame(MacAddress src, MacAddress dst, FramePayload payload) {

  /** Ethernet header (14) without FCS, as tcpdump counts "length". */
  public static final int HEADER_BYTES = 14;

  public Frame {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(payload, "payload");
  }

  /** The L3 size that MTU checks compare: the IPv4 total length, or 28 for ARP. */
  public int l3Length() {
    return payload.length();
  }

  @Override
  public String toString() {
    return src + " > " + dst + ", " + payload;
  }
}
