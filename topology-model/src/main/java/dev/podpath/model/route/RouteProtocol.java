package dev.podpath.model.route;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who installed a route ({@code proto} in {@code ip route}), as iproute2 names it from {@code
 * /etc/iproute2/rt_protos} ({@code kernel}, {@code boot}, {@code static}, {@code bird}...); a
 * number with a name is that name, so a dump's {@code proto 4} and a script's {@code proto static}
 * are the same protocol. A number or a name of a local {@code rt_protos} file that iproute2 does
 * not know is kept as written.
 *
 * <pre>{@code
 * RouteProtocol.of("4").equals(RouteProtocol.STATIC)   // true
 * RouteProtocol.KERNEL.isKernel()                      // a connected or local route
 * }</pre>
 *
 * @param name the protocol's name, or its number when iproute2 has no name for it
 */
public record RouteProtocol(String name) {

  /** {@code kernel}: a route the kernel made (connected, local, broadcast). */
  public static final RouteProtocol KERNEL = new RouteProtocol("kernel");

  /** {@code boot}: a route added by {@code ip route add} without {@code proto}. */
  public static final RouteProtocol BOOT = new RouteProtocol("boot");

  /** {@code static}. */
  public static final RouteProtocol STATIC = new RouteProtocol("static");

  /** The names of iproute2 6.1's {@code rt_protos} by number. */
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(0, "unspec"),
          Map.entry(1, "redirect"),
          Map.entry(2, "kernel"),
          Map.entry(3, "boot"),
          Map.entry(4, "static"),
          Map.entry(8, "gated"),
          Map.entry(9, "ra"),
          Map.entry(10, "mrt"),
          Map.entry(11, "zebra"),
          Map.entry(12, "bird"),
          Map.entry(13, "dnrouted"),
          Map.entry(14, "xorp"),
          Map.entry(15, "ntk"),
          Map.entry(16, "dhcp"),
          Map.entry(18, "keepalived"),
          Map.entry(42, "babel"),
          Map.entry(99, "openr"),
          Map.entry(186, "bgp"),
          Map.entry(187, "isis"),
          Map.entry(188, "ospf"),
          Map.entry(189, "rip"),
          Map.entry(192, "eigrp"));

  public RouteProtocol {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a route protocol has a name or a number");
    }
  }

  /**
   * The protocol {@code text} names: a number with a name in {@code rt_protos} becomes that name
   * ({@code 4} is {@code static}); anything else is kept as written.
   */
  public static RouteProtocol of(String text) {
    return new RouteProtocol(number(text).map(n -> NAMES.getOrDefault(n, text)).orElse(text));
  }

  /** The number {@code text} writes (decimal, or {@code 0x} hexadecimal), 0 to 255. */
  public static Optional<Integer> number(String text) {
    try {
      int n =
          text.startsWith("0x") || text.startsWith("0X")
              ? Integer.parseInt(text.substring(2), 16)
              : Integer.parseInt(text);
      return n >= 0 && n <= 255 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether iproute2 knows {@code name} as a protocol's name. */
  public static boolean isName(String name) {
    return NAMES.containsValue(name);
  }

  /** Whether the kernel made the route itself (for an address, or a device's link). */
  public boolean isKernel() {
    return equals(KERNEL);
  }

  /** As {@code ip route} prints it. */
  @Override
  public String toString() {
    return name;
  }
}
