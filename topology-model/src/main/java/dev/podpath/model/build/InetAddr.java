package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.topo.IfAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 address on a device as the kernel holds it: the model's {@link IfAddress} plus what the
 * kernel keeps beside it ({@code struct in_ifaddr}): whether it is secondary, the metric of its
 * prefix route, and {@code noprefixroute}.
 *
 * @param secondary another address of the device has the same mask and subnet and came first
 * @param metric the metric of its prefix route ({@code metric})
 * @param noPrefixRoute {@code noprefixroute}: no connected route is made for it
 */
public record InetAddr(IfAddress ifa, boolean secondary, long metric, boolean noPrefixRoute) {

  /** {@code ifa_local}: the address itself. */
  public Ipv4Address local() {
    return ifa.address();
  }

  /** {@code ifa_address}: the peer for point-to-point addresses, else the address. */
  public Ipv4Address address() {
    return ifa.peer().orElse(ifa.address());
  }

  public int prefixLength() {
    return ifa.prefixLength();
  }

  public int mask() {
    return Prefix.mask(ifa.prefixLength());
  }

  /** The prefix of its connected route ({@code ifa_address & ifa_mask}). */
  public Prefix prefix() {
    return Prefix.of(address(), ifa.prefixLength());
  }

  /** The kernel's {@code inet_ifa_match(addr, ifa)}: {@code addr} is in this address's subnet. */
  public boolean covers(Ipv4Address addr) {
    return ((addr.bits() ^ address().bits()) & mask()) == 0;
  }

  /** Same mask and same subnet: the test that makes a new address secondary to this one. */
  public boolean sameSubnet(InetAddr other) {
    return other.mask() == mask() && covers(other.address());
  }

  public InetAddr withSecondary(boolean s) {
    return new InetAddr(ifa, s, metric, noPrefixRoute);
  }

  /** An address as a dump shows it: primary, metric 0, with its prefix route. */
  public static InetAddr primary(IfAddress ifa) {
    return new InetAddr(ifa, false, 0, false);
  }

  /**
   * The addresses of one device in the order they were added, each secondary when an earlier
   * primary has the same mask and subnet ({@code inet_insert_ifa}).
   */
  public static List<InetAddr> inOrder(List<IfAddress> ifas) {
    List<InetAddr> out = new ArrayList<>();
    for (IfAddress ifa : ifas) {
      InetAddr a = primary(ifa);
      boolean secondary = out.stream().anyMatch(p -> !p.secondary() && p.sameSubnet(a));
      out.add(a.withSecondary(secondary));
    }
    return out;
  }

  /**
   * The primary address of the subnet {@code a} belongs to, among {@code addrs} ({@code
   * inet_ifa_byprefix}).
   */
  public static InetAddr primaryFor(List<InetAddr> addrs, InetAddr a) {
    if (!a.secondary()) {
      return a;
    }
    for (InetAddr p : addrs) {
      if (!p.secondary() && p.sameSubnet(a)) {
        return p;
      }
    }
    return a;
  }
}
