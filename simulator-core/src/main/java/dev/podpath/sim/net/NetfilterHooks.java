package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.netfilter.HookResult;
import dev.podpath.sim.netfilter.Netfilter;
import dev.podpath.sim.outcome.Step;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the datapath calls netfilter: runs a hook, records its steps, and for a packet the hook did
 * not accept records the drop and, for REJECT, sends the answer the kernel sends ({@code
 * nf_send_unreach}: an ICMP error from the address {@link Icmp} picks; {@code nf_send_reset}: a RST
 * forged from the original destination, TTL 64).
 */
final class NetfilterHooks {

  private record Key(NetnsName ns, long packetId) {}

  private final Simulation sim;
  final Netfilter netfilter;

  /**
   * Packets whose PREROUTING already ran in the bridge (br_netfilter), with the port they came in
   * on.
   */
  private final Map<Key, String> bridgedIn = new HashMap<>();

  NetfilterHooks(Simulation sim) {
    this.sim = sim;
    this.netfilter = new Netfilter(sim.config.statistic());
  }

  /**
   * Runs {@code hook}; the packet as it leaves the hook, or empty if the hook stopped it.
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one)
   */
  Optional<Ipv4Packet> run(
      Netns ns, Hook hook, long packetId, long copyId, boolean arp, HookInput in) {
    if (!Netfilter.present(ns)) {
      return Optional.of(in.packet());
    }
    HookResult r = netfilter.hook(ns, hook, in);
    r.steps().forEach(s -> sim.record(packetId, copyId, arp, s));
    if (r.accepted()) {
      return Optional.of(r.packet());
    }
    sim.record(packetId, copyId, arp, new Step.Dropped(ns.name(), r.reason().orElseThrow()));
    r.reject().ifPresent(with -> reject(ns.name(), packetId, r.packet(), with));
    return Optional.empty();
  }

  private void reject(NetnsName ns, long packetId, Ipv4Packet seen, RejectWith with) {
    if (with == RejectWith.TCP_RESET) {
      if (seen.l4() instanceof L4.Tcp tcp && !tcp.flags().isReset()) {
        sim.tcp.reset(ns, packetId, seen, tcp);
      }
      return;
    }
    sim.icmp.sendError(ns, packetId, seen, L4.Icmp.DEST_UNREACH, with.icmpCode().orElseThrow(), 0);
  }

  /** Whether br_netfilter hands this namespace's bridged IPv4 frames to iptables. */
  boolean bridgeCallsIptables(Netns ns) {
    return Netfilter.present(ns)
        && ns.sysctls().intValue("net.bridge.bridge-nf-call-iptables", 1) != 0;
  }

  void markBridgedPrerouting(NetnsName ns, long packetId, String port) {
    bridgedIn.put(new Key(ns, packetId), port);
  }

  /** The bridge port a packet came in on, if its PREROUTING ran in the bridge; consumes nothing. */
  Optional<String> bridgedPort(NetnsName ns, long packetId) {
    return Optional.ofNullable(bridgedIn.get(new Key(ns, packetId)));
  }

  /**
   * Whether PREROUTING already ran in the bridge for this packet (then {@code ip_rcv} does not run
   * it again).
   */
  boolean takeBridgedPrerouting(NetnsName ns, long packetId) {
    return bridgedIn.containsKey(new Key(ns, packetId));
  }

  /** Forgets a packet that left the namespace (or ended there). */
  void done(NetnsName ns, long packetId) {
    bridgedIn.remove(new Key(ns, packetId));
  }

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
