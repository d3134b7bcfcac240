package dev.podpath.model.addr;

import java.util.Optional;

/**
 * An IPv4 network prefix such as {@code 10.244.0.0/16}. The network address never has host bits
 * set: {@link #of} clears them, {@link #parse} refuses them, as {@code ip route} does ("Invalid
 * prefix for given prefix length").
 *
 * <pre>{@code
 * Prefix p = Prefix.parse("10.244.1.0/24");
 * p.contains(Ipv4Address.parse("10.244.1.7"));   // true
 * Prefix.parse("10.244.1.7");                    // a host route, 10.244.1.7/32
 * Prefix.parse("default");                       // 0.0.0.0/0
 * }</pre>
 */
public record Prefix(Ipv4Address network, int length) implements Comparable<Prefix> {

  public static final Prefix DEFAULT = new Prefix(Ipv4Address.ANY, 0);

  public Prefix {
    if (length < 0 || length > 32) {
      throw new IllegalArgumentException("prefix length out of range: " + length);
    }
    if ((network.bits() & ~mask(length)) != 0) {
      throw new IllegalArgumentException(
          "Invalid prefix for given prefix length: " + network + "/" + length);
    }
  }

  /** The prefix of the given length that contains {@code address} (host bits cleared). */
  public static Prefix of(Ipv4Address address, int length) {
    if (length < 0 || length > 32) {
      throw new IllegalArgumentException("prefix length out of range: " + length);
    }
    return new Prefix(new Ipv4Address(address.bits() & mask(length)), length);
  }

  /**
   * Parses {@code A.B.C.D/N}, {@code A.B.C.D} (a /32), {@code default}, {@code all} or {@code any}.
   */
  public static Prefix parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not an IPv4 prefix: \"" + text + "\""));
  }

  public static Optional<Prefix> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.equals("default") || text.equals("all") || text.equals("any")) {
      return Optional.of(DEFAULT);
    }
    int slash = text.indexOf('/');
    Optional<Ipv4Address> addr = Ipv4Address.tryParse(slash < 0 ? text : text.substring(0, slash));
    if (addr.isEmpty()) {
      return Optional.empty();
    }
    int len = 32;
    if (slash >= 0) {
      String l = text.substring(slash + 1);
      if (l.isEmpty() || l.length() > 2 || !l.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      len = Integer.parseInt(l);
      if (len > 32) {
        return Optional.empty();
      }
    }
    if ((addr.get().bits() & ~mask(len)) != 0) {
      return Optional.empty();
    }
    return Optional.of(new Prefix(addr.get(), len));
  }

  /** The netmask with {@code length} leading ones. */
  public static int mask(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  /** Prefix length of a dotted netmask such as {@code 255.255.255.0}; empty if not contiguous. */
  public static Optional<Integer> lengthOfNetmask(Ipv4Address netmask) {
    int m = netmask.bits();
    int len = Integer.bitCount(m);
    return mask(len) == m ? Optional.of(len) : Optional.empty();
  }

  public boolean contains(Ipv4Address address) {
    return (address.bits() & mask(length)) == network.bits();
  }

  public boolean contains(Prefix other) {
    return other.length >= length && contains(other.network);
  }

  /** The directed broadcast address of this prefix (all host bits set). */
  public Ipv4Address broadcast() {
    return new Ipv4Address(network.bits() | ~mask(length));
  }

  public boolean isDefault() {
    return length == 0;
  }

  @Override
  public int compareTo(Prefix o) {
    int c = network.compareTo(o.network);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  /** {@code default} for 0.0.0.0/0, a bare address for a /32 (as {@code ip route} prints them). */
  public String toRouteString() {
    if (length == 0) {
      return "default";
    }
    return length == 32 ? network.toString() : toString();
  }

  @Override
  public String toString() {
    return network + "/" + length;
  }
}
