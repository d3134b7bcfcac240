package dev.podpath.model.addr;

import java.util.Optional;

/**
 * A 48-bit Ethernet address.
 *
 * <pre>{@code
 * MacAddress m = MacAddress.parse("EE:EE:EE:EE:EE:EE");
 * m.toString();            // "ee:ee:ee:ee:ee:ee"
 * MacAddress.BROADCAST.isBroadcast();   // true
 * }</pre>
 */
public record MacAddress(long bits) implements Comparable<MacAddress> {

  public static final MacAddress ZERO = new MacAddress(0L);
  public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

  public MacAddress {
    if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
      throw new IllegalArgumentException(
          "MAC address wider than 48 bits: " + Long.toHexString(bits));
    }
  }

  public static MacAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not a MAC address: \"" + text + "\""));
  }

  /** Parses six colon- or dash-separated hex octets (one or two digits each, any case). */
  public static Optional<MacAddress> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.split("[:-]", -1);
    if (parts.length != 6) {
      return Optional.empty();
    }
    long bits = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 2) {
        return Optional.empty();
      }
      int v = 0;
      for (char c : p.toCharArray()) {
        int d = Character.digit(c, 16);
        if (d < 0) {
          return Optional.empty();
        }
        v = v * 16 + d;
      }
      bits = (bits << 8) | v;
    }
    return Optional.of(new MacAddress(bits));
  }

  public boolean isBroadcast() {
    return bits == BROADCAST.bits;
  }

  /** The group bit (least significant bit of the first octet); broadcast is multicast too. */
  public boolean isMulticast() {
    return ((bits >>> 40) & 1) == 1;
  }

  public boolean isZero() {
    return bits == 0;
  }

  @Override
  public int compareTo(MacAddress o) {
    return Long.compare(bits, o.bits);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(17);
    for (int shift = 40; shift >= 0; shift -= 8) {
      int v = (int) ((bits >>> shift) & 0xFF);
      sb.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 0xF, 16));
      if (shift > 0) {
        sb.append(':');
      }
    }
    return sb.toString();
  }
}
