package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.netfilter.Netfilter;
import java.util.Optional;

/**
 * The netfilter hooks as the datapath calls them ({@code NF_HOOK}), and br_netfilter's memory of a
 * packet whose PREROUTING ran in the bridge. {@link NetfilterHooks} provides it; a namespace
 * without rules passes every packet unchanged.
 */
interface Hooks {

  /**
   * Runs {@code hook}; the packet as it leaves the hook, or empty if the hook stopped it (the drop
   * recorded, REJECT's answer sent).
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one)
   */
  Optional<Ipv4Packet> run(
      Netns ns, Hook hook, long packetId, long copyId, boolean arp, HookInput in);

  /** Whether br_netfilter hands this namespace's bridged IPv4 frames to iptables. */
  boolean bridgeCallsIptables(Netns ns);

  /**
   * Whether br_netfilter hands this namespace's bridged IPv4 frames to iptables: it has rules and
   * {@code net.bridge.bridge-nf-call-iptables} is on (the default once the module is loaded).
   */
  static boolean brNetfilter(Netns ns) {
    return Netfilter.present(ns)
        && ns.sysctls().intValue("net.bridge.bridge-nf-call-iptables", 1) != 0;
  }

  /** PREROUTING ran in the bridge for {@code packetId}, which entered by {@code port}. */
  void markBridgedPrerouting(NetnsName ns, long packetId, String port);

  /** The bridge port a packet came in on, if its PREROUTING ran in the bridge. */
  Optional<String> bridgedPort(NetnsName ns, long packetId);

  /** Whether PREROUTING already ran in the bridge for this packet. */
  boolean bridgedPrerouting(NetnsName ns, long packetId);

  /** Forgets a packet that left the namespace (or ended there). */
  void done(NetnsName ns, long packetId);

  /** Forgets the connection a dropped packet was about to create. */
  void forget(NetnsName ns, long packetId);

  /**
   * MASQUERADE's source: {@code inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE)}, the egress
   * device's primary address.
   */
  static Optional<Ipv4Address> masqueradeSource(Netns ns, String out, Ipv4Address nextHop) {
    return SourceAddress.select(ns, out, nextHop, RouteScope.GLOBAL);
  }

  /** REDIRECT's address: the ingress device's primary address, or 127.0.0.1 for local packets. */
  static Optional<Ipv4Address> redirectTo(Netns ns, String in) {
    if (in.isEmpty()) {
      return Optional.of(Ipv4Address.parse("127.0.0.1"));
    }
    return ns.device(in).flatMap(NetDevice::primaryAddress).map(a -> a.address());
  }
}
