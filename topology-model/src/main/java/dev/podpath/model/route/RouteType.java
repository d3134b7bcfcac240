package dev.podpath.model.route;

import java.util.Optional;

/**
 * The type of a route, as {@code ip route} names it. It decides what happens to a packet that
 * matches: see ip-route(8) and {@code kernel-semantics.md} section 5.
 */
public enum RouteType {
  /** Forward to a gateway or a directly connected host. */
  UNICAST("unicast"),
  /** The destination is this host. */
  LOCAL("local"),
  /** A broadcast address of a local subnet. */
  BROADCAST("broadcast"),
  /** Drop silently; a local sender gets EINVAL. */
  BLACKHOLE("blackhole"),
  /** Drop with ICMP host unreachable; a local sender gets EHOSTUNREACH. */
  UNREACHABLE("unreachable"),
  /** Drop with ICMP communication administratively prohibited; a local sender gets EACCES. */
  PROHIBIT("prohibit"),
  /** Continue with the next {@code ip rule}, as if this table had no match. */
  THROW("throw"),
  /** Multicast routes: kept, not modelled. */
  MULTICAST("multicast"),
  /** Anycast routes: kept, not modelled. */
  ANYCAST("anycast");

  private final String keyword;

  RouteType(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  public static Optional<RouteType> parse(String text) {
    for (RouteType t : values()) {
      if (t.keyword.equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether a route of this type needs an output device. */
  public boolean needsDevice() {
    return this == UNICAST
        || this == LOCAL
        || this == BROADCAST
        || this == MULTICAST
        || this == ANYCAST;
  }
}
