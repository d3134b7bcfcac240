package dev.podpath.model.packet;

import dev.podpath.model.addr.Ipv4Address;
import java.util.Objects;

/**
 * An IPv4 packet with its transport header.
 *
 * <pre>{@code
 * 10.244.0.2 > 10.244.0.3: ICMP echo request, ttl 64, length 84
 * }</pre>
 *
 * @param ttl time to live
 * @param tos type of service byte (ICMP errors use 0xc0)
 * @param dontFragment the DF flag
 * @param totalLength header plus payload, in bytes
 * @param mark the skb mark (fwmark) the packet carries inside one host; not on the wire
 */
public record Ipv4Packet(
    Ipv4Address src,
    Ipv4Address dst,
    int ttl,
    int tos,
    boolean dontFragment,
    int totalLength,
    long mark,
    L4 l4)
    implements FramePayload {

  public static final int HEADER_BYTES = 20;

  public Ipv4Packet {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(l4, "l4");
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("ttl out of range: " + ttl);
    }
    if (totalLength < HEADER_BYTES) {
      throw new IllegalArgumentException("total length below the header size: " + totalLength);
    }
  }

  @Override
  public int length() {
    return totalLength;
  }

  public Ipv4Packet withTtl(int newTtl) {
    return new Ipv4Packet(src, dst, newTtl, tos, dontFragment, totalLength, mark, l4);
  }

  public Ipv4Packet withSrc(Ipv4Address newSrc) {
    return new Ipv4Packet(newSrc, dst, ttl, tos, dontFragment, totalLength, mark, l4);
  }

  public Ipv4Packet withDst(Ipv4Address newDst) {
    return new Ipv4Packet(src, newDst, ttl, tos, dontFragment, totalLength, mark, l4);
  }

  public Ipv4Packet withMark(long newMark) {
    return new Ipv4Packet(src, dst, ttl, tos, dontFragment, totalLength, newMark, l4);
  }

  public Ipv4Packet withL4(L4 newL4) {
    return new Ipv4Packet(src, dst, ttl, tos, dontFragment, totalLength, mark, newL4);
  }

  /** The IP protocol number: 1 ICMP, 6 TCP, 17 UDP. */
  public int protocol() {
    return l4.protocol();
  }

  @Override
  public String toString() {
    return src
        + " > "
        + dst
        + ": "
        + l4
        + ", ttl "
        + ttl
        + ", length "
        + totalLength
        + (dontFragment ? ", DF" : "");
  }
}
