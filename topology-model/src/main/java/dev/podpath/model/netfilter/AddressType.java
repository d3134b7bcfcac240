package dev.podpath.model.netfilter;

/**
 * Route types as {@code -m addrtype} names them (the kernel's {@code RTN_*}), in the order iptables
 * prints them. {@code LOCAL} is an address of this namespace.
 */
public enum AddressType {
  UNSPEC,
  UNICAST,
  LOCAL,
  BROADCAST,
  ANYCAST,
  MULTICAST,
  BLACKHOLE,
  UNREACHABLE,
  PROHIBIT,
  THROW,
  NAT,
  XRESOLVE
}
