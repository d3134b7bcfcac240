package dev.podpath.trace.render.pcap;

import dev.podpath.model.addr.Ipv4Address;

/**
 * The Internet checksum (RFC 1071): IPv4's header, ICMP, and UDP and TCP over the pseudo-header.
 */
final class Checksum {

  private Checksum() {}

  /** The one's complement of the one's complement sum of {@code length} bytes from {@code from}. */
  static int of(byte[] bytes, int from, int length) {
    return fold(sum(bytes, from, length, 0));
  }

  /**
   * A UDP or TCP checksum: over the pseudo-header (source, destination, zero, protocol, length) and
   * the segment, whose checksum field is zero.
   */
  static int withPseudoHeader(Ipv4Address src, Ipv4Address dst, int protocol, byte[] segment) {
    long sum = 0;
    sum += (src.bits() >>> 16) & 0xffff;
    sum += src.bits() & 0xffff;
    sum += (dst.bits() >>> 16) & 0xffff;
    sum += dst.bits() & 0xffff;
    sum += protocol;
    sum += segment.length;
    return fold(sum(segment, 0, segment.length, sum));
  }

  private static long sum(byte[] bytes, int from, int length, long start) {
    long sum = start;
    int end = from + length;
    int i = from;
    for (; i + 1 < end; i += 2) {
      sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (bytes[i] & 0xff) << 8;
    }
    return sum;
  }

  private static int fold(long sum) {
    long s = sum;
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) (~s & 0xffff);
  }
}
