package dev.podpath.model.addr;

import java.util.Optional;

/**
 * An IPv4 address, held as its 32 bits.
 *
 * <pre>{@code
 * Ipv4Address a = Ipv4Address.parse("10.244.0.2");
 * a.toString();                       // "10.244.0.2"
 * Ipv4Address.tryParse("10.1.2");     // Optional.empty(): only dotted quads are accepted
 * }</pre>
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

  public static final Ipv4Address ANY = new Ipv4Address(0);
  public static final Ipv4Address LIMITED_BROADCAST = new Ipv4Address(0xFFFFFFFF);

  /** Parses a dotted quad; throws {@link IllegalArgumentException} naming the text otherwise. */
  public static Ipv4Address parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: \"" + text + "\""));
  }

  /** Parses a dotted quad ({@code a.b.c.d}, each 0-255, no leading signs or spaces). */
  public static Optional<Ipv4Address> tryParse(String text) {
    if (text == null || text.isEmpty() || text.length() > 15) {
      return Optional.empty();
    }
    int bits = 0;
    int octets = 0;
    int value = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (value < 0 || octets == 4) {
          return Optional.empty();
        }
        bits = (bits << 8) | value;
        octets++;
        value = -1;
      } else if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    return octets == 4 ? Optional.of(new Ipv4Address(bits)) : Optional.empty();
  }

  public static Ipv4Address of(int a, int b, int c, int d) {
    return new Ipv4Address((a << 24) | (b << 16) | (c << 8) | d);
  }

  /** {@code 127.0.0.0/8}. */
  public boolean isLoopback() {
    return (bits >>> 24) == 127;
  }

  /** {@code 224.0.0.0/4}. */
  public boolean isMulticast() {
    return (bits >>> 28) == 0xE;
  }

  public boolean isLimitedBroadcast() {
    return bits == 0xFFFFFFFF;
  }

  public boolean isAny() {
    return bits == 0;
  }

  /** The bits as an unsigned value, for ordering and hashing into tries. */
  public long unsigned() {
    return bits & 0xFFFFFFFFL;
  }

  @Override
  public int compareTo(Ipv4Address o) {
    return Integer.compareUnsigned(bits, o.bits);
  }

  @Override
  public String toString() {
    return (bits >>> 24)
        + "."
        + ((bits >>> 16) & 0xFF)
        + "."
        + ((bits >>> 8) & 0xFF)
        + "."
        + (bits & 0xFF);
  }
}
