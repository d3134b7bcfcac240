package dev.podpath.sim.net;

import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
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
final class NetfilterHooks implements Hooks {

  private record Key(NetnsName ns, long packetId) {}

  private final Run run;
  private final IcmpOutput icmp;
  private final TcpInput tcp;
  private final Netfilter netfilter;

  /**
   * Packets whose PREROUTING already ran in the bridge (br_netfilter), with the port they came in
   * on.
   */
  private final Map<Key, String> bridgedIn = new HashMap<>();

  /**
   * @param netfilter the run's tables, conntrack and counters
   * @param icmp where REJECT's ICMP error comes from
   * @param tcp where REJECT's TCP reset comes from
   */
  NetfilterHooks(Run run, Netfilter netfilter, IcmpOutput icmp, TcpInput tcp) {
    this.run = run;
    this.netfilter = netfilter;
    this.icmp = icmp;
    this.tcp = tcp;
  }

  /**
   * Runs {@code hook}; the packet as it leaves the hook, or empty if the hook stopped it.
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one)
   */
  @Override
  public Optional<Ipv4Packet> run(
      Netns ns, Hook hook, long packetId, long copyId, boolean arp, HookInput in) {
    if (!Netfilter.present(ns)) {
      return Optional.of(in.packet());
    }
    HookResult r = netfilter.hook(ns, hook, in);
    r.steps().forEach(s -> run.log().record(packetId, copyId, arp, s));
    if (r.accepted()) {
      return Optional.of(r.packet());
    }
    run.log().record(packetId, copyId, arp, new Step.Dropped(ns.name(), r.reason().orElseThrow()));
    // a FORWARD with physdev-out is br_netfilter's: a bridged frame
    boolean bridged = hook == Hook.FORWARD && in.physOut().isPresent();
    r.reject().ifPresent(with -> reject(ns.name(), packetId, r.packet(), with, bridged));
    return Optional.empty();
  }

  private void reject(
      NetnsName ns, long packetId, Ipv4Packet seen, RejectWith with, boolean bridged) {
    if (with == RejectWith.TCP_RESET) {
      if (seen.l4() instanceof L4.Tcp segment && !segment.flags().isReset()) {
        tcp.reset(ns, packetId, seen, segment);
      }
      return;
    }
    int code = with.icmpCode().orElseThrow();
    if (bridged) {
      icmp.sendErrorAboutBridged(ns, packetId, seen, L4.Icmp.DEST_UNREACH, code);
    } else {
      icmp.sendError(ns, packetId, seen, L4.Icmp.DEST_UNREACH, code, 0);
    }
  }

  /** Whether br_netfilter hands this namespace's bridged IPv4 frames to iptables. */
  @Override
  public boolean bridgeCallsIptables(Netns ns) {
    return Hooks.brNetfilter(ns);
  }

  @Override
  public void markBridgedPrerouting(NetnsName ns, long packetId, String port) {
    bridgedIn.put(new Key(ns, packetId), port);
  }

  /** The bridge port a packet came in on, if its PREROUTING ran in the bridge; consumes nothing. */
  @Override
  public Optional<String> bridgedPort(NetnsName ns, long packetId) {
    return Optional.ofNullable(bridgedIn.get(new Key(ns, packetId)));
  }

  /**
   * Whether PREROUTING already ran in the bridge for this packet (then {@code ip_rcv} does not run
   * it again).
   */
  @Override
  public boolean bridgedPrerouting(NetnsName ns, long packetId) {
    return bridgedIn.containsKey(new Key(ns, packetId));
  }

  /** Forgets a packet that left the namespace (or ended there). */
  @Override
  public void done(NetnsName ns, long packetId) {
    bridgedIn.remove(new Key(ns, packetId));
  }

  @Override
  public void forget(NetnsName ns, long packetId) {
    netfilter.forget(ns, packetId);
  }
}
