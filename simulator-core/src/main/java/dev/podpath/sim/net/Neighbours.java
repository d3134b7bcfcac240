package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The neighbour (ARP) cache of every namespace during one run (section 4 of kernel-semantics.md): a
 * packet to a next hop without a valid entry waits while ARP requests go out {@code
 * retrans_time_ms} apart, {@code mcast_solicit} times; an answer makes the entry REACHABLE and
 * sends what waited; no answer makes it FAILED and each waiting packet gets ICMP host unreachable
 * back to its sender.
 */
final class Neighbours implements NeighbourOutput, NeighbourUpdates {

  private record Key(DeviceRef dev, Ipv4Address ip) {}

  /** A packet waiting for resolution, and what to do with the MAC once known. */
  private record Pending(
      long packetId,
      long copyId,
      boolean arp,
      Ipv4Packet packet,
      java.util.function.Consumer<MacAddress> then) {}

  private static final class Entry {
    NudState state;
    MacAddress mac;
    final Optional<NeighEntry> configured;
    final List<Pending> queue = new ArrayList<>();
    int probes;
    long startedNanos;

    Entry(NudState state, MacAddress mac, Optional<NeighEntry> configured) {
      this.state = state;
      this.mac = mac;
      this.configured = configured;
    }
  }

  private final Run run;
  private final LinkOutput links;
  private final TunnelTransmit tunnels;
  private final IcmpOutput icmp;
  private final ArpExits arpExits;
  private final Map<Key, Entry> entries = new HashMap<>();
  private final Map<dev.podpath.model.topo.NetnsName, Boolean> seeded = new HashMap<>();

  /**
   * @param links where ARP requests and resolved frames are sent
   * @param tunnels where a packet routed into an IPIP or TUN device goes (no ARP there)
   * @param icmp where the host unreachable to a packet whose resolution failed comes from
   * @param arpExits where the links noted requests that left the model
   */
  Neighbours(
      Run run, LinkOutput links, TunnelTransmit tunnels, IcmpOutput icmp, ArpExits arpExits) {
    this.run = run;
    this.links = links;
    this.tunnels = tunnels;
    this.icmp = icmp;
    this.arpExits = arpExits;
  }

  /**
   * Sends {@code packet} out of {@code devRef} to the next hop {@code nextHop}, resolving its MAC
   * first.
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one)
   */
  @Override
  public void output(
      DeviceRef devRef,
      NetDevice dev,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      boolean arp,
      Ipv4Packet packet) {
    if (dev.isLoopback()) {
      links.transmit(
          devRef,
          new Skb(packetId, copyId, new Frame(MacAddress.ZERO, MacAddress.ZERO, packet), arp));
      return;
    }
    if (dev.kind() instanceof dev.podpath.model.topo.LinkKind.Ipip ipip) {
      // NOARP, no header_ops: arp_constructor makes the entry NUD_NOARP; the tunnel needs the next
      // hop.
      tunnels.ipip(devRef, dev, ipip, nextHop, packetId, copyId, packet);
      return;
    }
    if (dev.kind() instanceof dev.podpath.model.topo.LinkKind.WireGuard wg) {
      // NOARP, no header_ops: the packet goes to cryptokey routing, the route's gateway unused
      tunnels.wireguard(devRef, dev, wg, packetId, copyId, packet);
      return;
    }
    if (dev.kind() instanceof dev.podpath.model.topo.LinkKind.Tun) {
      tunnels.tun(devRef, dev, packetId, copyId, packet);
      return;
    }
    if (dev.kind() instanceof dev.podpath.model.topo.LinkKind.NotModelled nm) {
      // Neither ARP nor the frame can be simulated on this device: say so now, guess nothing.
      run.log()
          .record(
              packetId,
              copyId,
              arp,
              new Step.Dropped(
                  devRef.netns(),
                  new DropReason.NotModelled(
                      devRef.netns(),
                      nm.type() + " device " + devRef + " (the packet would leave through it)")));
      return;
    }
    resolve(
        devRef,
        dev,
        nextHop,
        packetId,
        copyId,
        arp,
        packet,
        mac ->
            links.transmit(
                devRef, new Skb(packetId, copyId, new Frame(dev.mac(), mac, packet), arp)));
  }

  /**
   * Resolves {@code nextHop} on {@code devRef} for {@code packet} and hands its MAC to {@code then}
   * (at once from a valid entry, or after ARP); on failure the packet is dropped with ICMP host
   * unreachable, as for {@link #output}. br_netfilter's bridged DNAT uses it to find the endpoint's
   * MAC.
   */
  @Override
  public void resolve(
      DeviceRef devRef,
      NetDevice dev,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      boolean arp,
      Ipv4Packet packet,
      java.util.function.Consumer<MacAddress> then) {
    Entry e = entry(devRef, nextHop);
    if (e.state.isValid()) {
      run.log()
          .record(
              packetId,
              copyId,
              arp,
              new Step.NeighbourUsed(devRef, nextHop, e.mac, e.state, e.configured));
      if (e.state == NudState.STALE) {
        e.state = NudState.DELAY;
        scheduleProbe(devRef, dev, nextHop, e);
      }
      then.accept(e.mac);
      return;
    }
    e.queue.add(new Pending(packetId, copyId, arp, packet, then));
    if (e.state != NudState.INCOMPLETE) {
      e.state = NudState.INCOMPLETE;
      e.probes = 0;
      e.startedNanos = run.clock().now();
      solicit(devRef, dev, nextHop, e, packetId, packet);
    }
  }

  /**
   * {@code neigh_event_send} without a packet, as a redirect's new next hop gets it: whether the
   * entry is valid now; if not, its resolution starts (unless it is already under way), the ARP
   * request's sender address chosen as for no packet ({@code inet_select_addr}).
   */
  boolean validOrSolicit(DeviceRef devRef, NetDevice dev, Ipv4Address target, long packetId) {
    Entry e = entry(devRef, target);
    if (e.state.isValid()) {
      return true;
    }
    if (e.state != NudState.INCOMPLETE) {
      e.state = NudState.INCOMPLETE;
      e.probes = 0;
      e.startedNanos = run.clock().now();
      Ipv4Packet none =
          new Ipv4Packet(Ipv4Address.ANY, target, 64, 0, false, 20, 0, L4.Icmp.echoRequest(0, 0));
      solicit(devRef, dev, target, e, packetId, none);
    }
    return false;
  }

  private void solicit(
      DeviceRef devRef,
      NetDevice dev,
      Ipv4Address target,
      Entry e,
      long packetId,
      Ipv4Packet trigger) {
    Netns ns = run.net().netns(devRef.netns());
    Sysctls s = ns.sysctls();
    int maxProbes = s.neigh(dev.name(), "mcast_solicit", 3) + s.neigh(dev.name(), "app_solicit", 0);
    long retrans = s.neigh(dev.name(), "retrans_time_ms", 1000) * SimConfig.MILLIS;
    if (e.probes >= maxProbes) {
      fail(devRef, target, e);
      return;
    }
    e.probes++;
    Ipv4Address sender = arpSource(ns, dev, target, trigger);
    ArpMessage req = ArpMessage.request(dev.mac(), sender, target);
    long copy = run.log().newCopyId();
    run.log().record(packetId, copy, true, new Step.ArpRequest(devRef, target, sender, e.probes));
    links.transmit(
        devRef, new Skb(packetId, copy, new Frame(dev.mac(), MacAddress.BROADCAST, req), true));
    run.clock()
        .schedule(
            retrans,
            () -> {
              if (e.state == NudState.INCOMPLETE) {
                solicit(devRef, dev, target, e, packetId, trigger);
              }
            });
  }

  /**
   * A STALE entry that was used is DELAY: with no confirmation within {@code
   * delay_first_probe_time} (5 s; ICMP and UDP never confirm) it turns PROBE and is re-checked with
   * unicast ARP requests, {@code ucast_solicit} of them {@code retrans_time_ms} apart; an answer
   * makes it REACHABLE, silence FAILED (kernel-semantics.md section 4).
   */
  private void scheduleProbe(DeviceRef devRef, NetDevice dev, Ipv4Address target, Entry e) {
    Sysctls s = run.net().netns(devRef.netns()).sysctls();
    long delay = s.neigh(dev.name(), "delay_first_probe_time", 5) * SimConfig.SECONDS;
    run.clock()
        .schedule(
            delay,
            () -> {
              if (e.state == NudState.DELAY) {
                e.state = NudState.PROBE;
                e.probes = 0;
                unicastProbe(devRef, dev, target, e);
              }
            });
  }

  /**
   * A unicast re-check; no packet is queued then, so the sender IP is inet_select_addr's choice.
   */
  private void unicastProbe(DeviceRef devRef, NetDevice dev, Ipv4Address target, Entry e) {
    Netns ns = run.net().netns(devRef.netns());
    Sysctls s = ns.sysctls();
    if (e.state != NudState.PROBE || run.net().device(devRef).isEmpty()) {
      return;
    }
    if (e.probes >= s.neigh(dev.name(), "ucast_solicit", 3)) {
      e.state = NudState.FAILED;
      return;
    }
    e.probes++;
    Ipv4Address sender =
        SourceAddress.select(ns, dev.name(), target, RouteScope.LINK).orElse(Ipv4Address.ANY);
    long copy = run.log().newCopyId();
    run.log().record(0, copy, true, new Step.ArpRequest(devRef, target, sender, e.probes));
    ArpMessage req = ArpMessage.request(dev.mac(), sender, target);
    links.transmit(devRef, new Skb(0, copy, new Frame(dev.mac(), e.mac, req), true));
    long retrans = s.neigh(dev.name(), "retrans_time_ms", 1000) * SimConfig.MILLIS;
    run.clock().schedule(retrans, () -> unicastProbe(devRef, dev, target, e));
  }

  /** arp_solicit's choice of sender IP (arp_announce 0, 1, 2). */
  private Ipv4Address arpSource(Netns ns, NetDevice dev, Ipv4Address target, Ipv4Packet trigger) {
    int announce = ns.sysctls().arpAnnounce(dev.name());
    Ipv4Address src = trigger.src();
    boolean local = ns.ownsAddress(src);
    if (local && announce == 0) {
      return src;
    }
    if (local
        && announce == 1
        && dev.addresses().stream()
            .anyMatch(
                a -> a.connectedPrefix().contains(target) && a.connectedPrefix().contains(src))) {
      return src;
    }
    return SourceAddress.select(ns, dev.name(), target, RouteScope.LINK).orElse(Ipv4Address.ANY);
  }

  private void fail(DeviceRef devRef, Ipv4Address target, Entry e) {
    e.state = NudState.FAILED;
    List<Pending> waiting = new ArrayList<>(e.queue);
    e.queue.clear();
    Optional<DropReason> exit =
        belongsElsewhere(devRef, target)
            ? Optional.empty()
            : waiting.stream()
                .map(p -> arpExits.exit(p.packetId, target))
                .flatMap(Optional::stream)
                .findFirst();
    for (Pending p : waiting) {
      if (exit.isPresent()
          && exit.get() instanceof DropReason.LeftModel
          && !target.equals(p.packet.dst())
          && run.config().edge().drops(p.packet.dst())) {
        // --edge=drops-private: the gateway behind the edge is taken to drop this destination
        run.log()
            .record(
                p.packetId,
                p.copyId,
                p.arp,
                new Step.Dropped(
                    devRef.netns(), new DropReason.EdgeDrop(devRef, target, p.packet.dst())));
        continue;
      }
      if (exit.isPresent()) {
        // The request left the model (or reached what it does not model): whatever is there may
        // have
        // answered; guess nothing.
        run.log().record(p.packetId, p.copyId, p.arp, new Step.Dropped(devRef.netns(), exit.get()));
        continue;
      }
      run.log()
          .record(
              p.packetId,
              p.copyId,
              p.arp,
              new Step.Dropped(
                  devRef.netns(), new DropReason.NeighbourFailed(devRef, target, e.probes)));
      icmp.sendError(
          devRef.netns(), p.packetId, p.packet, L4.Icmp.DEST_UNREACH, L4.Icmp.HOST_UNREACH, 0);
    }
  }

  /**
   * Whether {@code target} lies in a subnet the namespace has connected on another device than
   * {@code devRef} (a pod address of its own bridge asked for on its uplink, as a route via the
   * host's own address makes it): it belongs on that device's segment, so no host behind the edge
   * is taken to answer for it (that would be an address conflict), and a request that left the
   * model for it fails as the kernel's does when nobody answers.
   */
  private boolean belongsElsewhere(DeviceRef devRef, Ipv4Address target) {
    for (dev.podpath.model.topo.NetDevice d : run.net().netns(devRef.netns()).deviceList()) {
      if (d.name().equals(devRef.name()) || d.isLoopback()) {
        continue;
      }
      for (dev.podpath.model.topo.IfAddress a : d.addresses()) {
        if (a.prefixLength() < 32
            && dev.podpath.model.addr.Prefix.of(a.address(), a.prefixLength()).contains(target)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * An ARP reply (or a request from the host) told us {@code ip} is at {@code mac} on {@code
   * devRef}.
   */
  @Override
  public void confirmed(DeviceRef devRef, Ipv4Address ip, MacAddress mac) {
    Entry e = entries.get(new Key(devRef, ip));
    if (e == null || e.state == NudState.PERMANENT || e.state == NudState.NOARP) {
      return;
    }
    e.mac = mac;
    boolean wasWaiting = e.state == NudState.INCOMPLETE;
    e.state = NudState.REACHABLE;
    if (!wasWaiting) {
      return;
    }
    List<Pending> waiting = new ArrayList<>(e.queue);
    e.queue.clear();
    for (Pending p : waiting) {
      run.log()
          .record(
              p.packetId,
              p.copyId,
              p.arp,
              new Step.NeighbourResolved(devRef, ip, mac, run.clock().now() - e.startedNanos));
      p.then.accept(mac);
    }
  }

  /**
   * A request from {@code ip} was answered: the kernel creates (or refreshes) its entry ({@code
   * neigh_event_ns}).
   */
  @Override
  public void learnedFromRequest(DeviceRef devRef, Ipv4Address ip, MacAddress mac) {
    Entry e = entries.get(new Key(devRef, ip));
    if (e == null) {
      seed(devRef.netns());
      e = entries.get(new Key(devRef, ip));
    }
    if (e == null) {
      entries.put(new Key(devRef, ip), new Entry(NudState.STALE, mac, Optional.empty()));
      return;
    }
    if (e.state == NudState.INCOMPLETE) {
      confirmed(devRef, ip, mac);
    } else if (e.state != NudState.PERMANENT && e.state != NudState.NOARP && !mac.equals(e.mac)) {
      // neigh_update keeps the old state when the address is unchanged; a new one is STALE.
      e.mac = mac;
      e.state = NudState.STALE;
    }
  }

  /**
   * Forgets the entries of devices that went down or away ({@code neigh_ifdown}), and re-reads
   * configured ones.
   */
  void flush(java.util.Set<DeviceRef> devices) {
    entries.keySet().removeIf(k -> devices.contains(k.dev));
    entries.values().removeIf(e -> e.configured.isPresent());
    seeded.clear();
  }

  /** Every entry the run created or used, for comparing with {@code ip neigh}. */
  List<NeighbourState> snapshot() {
    List<NeighbourState> out = new ArrayList<>();
    entries.forEach(
        (k, e) -> {
          if (e.state != NudState.NONE) {
            out.add(
                new NeighbourState(
                    k.dev, k.ip, e.state, Optional.ofNullable(e.mac), e.configured.isPresent()));
          }
        });
    return out;
  }

  private Entry entry(DeviceRef devRef, Ipv4Address ip) {
    seed(devRef.netns());
    return entries.computeIfAbsent(
        new Key(devRef, ip), k -> new Entry(NudState.NONE, null, Optional.empty()));
  }

  private void seed(dev.podpath.model.topo.NetnsName ns) {
    if (seeded.putIfAbsent(ns, Boolean.TRUE) != null) {
      return;
    }
    for (NeighEntry n : run.net().netns(ns).neighbours()) {
      if (n.proxy()) {
        continue;
      }
      NudState st = n.lladdr().isPresent() ? n.state() : NudState.NONE;
      entries.put(
          new Key(new DeviceRef(ns, n.dev()), n.address()),
          new Entry(st, n.lladdr().orElse(null), Optional.of(n)));
    }
  }
}
