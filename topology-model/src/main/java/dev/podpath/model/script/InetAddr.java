package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.topo.IfAddress;

/**
 * An IPv4 address on a device while the script runs: the model's {@link IfAddress} plus what the
 * kernel keeps beside it ({@code struct in_ifaddr}): whether it is secondary, the metric of its
 * prefix route, and {@code noprefixroute}.
 */
record InetAddr(IfAddress ifa, boolean secondary, long metric, boolean noPrefixRoute) {

  /** {@code ifa_local}: the address itself. */
  Ipv4Address local() {
    return ifa.address();
  }

  /** {@code ifa_address}: the peer for point-to-point addresses, else the address. */
  Ipv4Address address() {
    return ifa.peer().orElse(ifa.address());
  }

  int prefixLength() {
    return ifa.prefixLength();
  }

  int mask() {
    return Prefix.mask(ifa.prefixLength());
  }

  /** The prefix of its connected route ({@code ifa_address & ifa_mask}). */
  Prefix prefix() {
    return Prefix.of(address(), ifa.prefixLength());
  }

  /** The kernel's {@code inet_ifa_match(addr, ifa)}: {@code addr} is in this address's subnet. */
  boolean covers(Ipv4Address addr) {
    return ((addr.bits() ^ address().bits()) & mask()) == 0;
  }

  /** Same mask and same subnet: the test that makes a new address secondary to this one. */
  boolean sameSubnet(InetAddr other) {
    return other.mask() == mask() && covers(other.address());
  }

  InetAddr withSecondary(boolean s) {
    return new InetAddr(ifa, s, metric, noPrefixRoute);
  }
}
