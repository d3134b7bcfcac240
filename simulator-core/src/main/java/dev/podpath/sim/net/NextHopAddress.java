package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.topo.Netns;

/**
 * The address the neighbour layer resolves for a route's next hop: the gateway, or the destination
 * itself for a route without one. A gateway that is an address of the namespace itself ({@code
 * 10.10.176.0/20 via 172.17.8.101 dev enp0s8} on the host that owns 172.17.8.101) is no gateway:
 * the kernel gives that next hop host scope ({@code fib_check_nh_v4_gw} finds a local route), so
 * {@code rt_uses_gateway} stays 0 and the packet is sent as if on-link, to the destination's own
 * MAC. Kernel-verified (6.x, in a namespace): {@code ip route add 10.10.176.0/20 via OWN dev va} is
 * accepted, and {@code ping 10.10.176.5} leaves a neighbour entry {@code 10.10.176.5 dev va FAILED}
 * and "Destination Host Unreachable", not one for the gateway.
 */
final class NextHopAddress {

  private NextHopAddress() {}

  static Ipv4Address of(Netns ns, NextHop hop, Ipv4Address dst) {
    return hop.via().filter(v -> ns.deviceWithAddress(v).isEmpty()).orElse(dst);
  }
}
