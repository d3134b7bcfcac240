package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketLog;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of the datapath over an immutable {@link Topology}. It owns all run-time state (learned
 * FDB entries, the neighbour caches, the event queue) and records every step in a {@link
 * PacketLog}.
 *
 * <pre>{@code
 * Simulation sim = new Simulation(topology, SimConfig.defaults());
 * long id = sim.send(LocalSend.ping(NetnsName.of("ns1"), Ipv4Address.parse("10.1.1.2")));
 * sim.run();
 * sim.log().events();   // what happened to packet id, its ARP, and the echo reply
 * }</pre>
 */
public final class Simulation {

  Topology topology;
  final SimConfig config;
  final Scheduler scheduler = new Scheduler();
  final PacketLog log = new PacketLog();

  /**
   * ARP requests whose answer the model cannot know: they left it, or reached what it does not
   * model.
   */
  private final java.util.Map<String, DropReason> arpExits = new java.util.HashMap<>();

  final Links links;
  final Bridging bridging;
  final Neighbours neighbours;
  final Arp arp;
  final IpStack ip;
  final LocalOut localOut;
  final Icmp icmp;
  final Tcp tcp;
  final NetfilterHooks nf;
  private final Map<Long, SocketSend> socketSends = new HashMap<>();
  final Vxlan vxlan;
  final PathMtu pathMtu;
  final Ipip ipip;
  final Tun tun;
  private final Map<Long, SocketError> localErrors = new HashMap<>();
  private final java.util.Set<Long> answered = new java.util.HashSet<>();

  /** The answers delivered so far, as their receiver saw them, by the packet they answer. */
  private final java.util.Map<Long, dev.podpath.model.packet.Ipv4Packet> answers =
      new java.util.HashMap<>();

  private long nextPacketId = 1;
  private long nextCopyId = 1;
  private Scheduler.StopReason stopReason;

  public Simulation(Topology topology, SimConfig config) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.config = Objects.requireNonNull(config, "config");
    this.links = new Links(this);
    this.bridging = new Bridging(this);
    this.neighbours = new Neighbours(this);
    this.arp = new Arp(this);
    this.ip = new IpStack(this);
    this.localOut = new LocalOut(this);
    this.icmp = new Icmp(this);
    this.tcp = new Tcp(this);
    this.nf = new NetfilterHooks(this);
    this.vxlan = new Vxlan(this);
    this.pathMtu = new PathMtu(this);
    this.ipip = new Ipip(this);
    this.tun = new Tun(this);
  }

  /**
   * A packet a local socket sent, from which namespace: its answers must come back to that socket.
   * A raw socket's TCP segment has no connection in the stack.
   */
  record SocketSend(NetnsName netns, Ipv4Packet packet, boolean raw) {}

  /**
   * Sends a packet from a local socket in {@code send.netns()}: route lookup, source selection,
   * neighbour resolution, transmission. Returns the packet's id for the log; the packet moves when
   * {@link #run} runs.
   */
  public long send(LocalSend send) {
    long id = newPacketId();
    scheduler.schedule(0, () -> ip.sendLocal(id, send));
    return id;
  }

  /**
   * Runs until no event is left or a limit is hit; the limits count from now, so a session can send
   * probe after probe.
   */
  public Scheduler.StopReason run() {
    stopReason =
        scheduler.run(Math.addExact(scheduler.now(), config.timeLimitNanos()), config.eventLimit());
    return stopReason;
  }

  /**
   * Runs as a real command would wait: until a response to {@code packetId} (an echo reply, an ICMP
   * error, a reset) has been delivered, or {@code waitNanos} have passed. Whatever is still pending
   * (ARP retries, neighbour timers) stays queued and happens during later runs, as time goes on.
   */
  public Scheduler.StopReason runUntilAnswered(long packetId, long waitNanos) {
    return runUntilAnswered(java.util.List.of(packetId), waitNanos);
  }

  /**
   * As {@link #runUntilAnswered(long, long)}, for several packets sent at once (traceroute's
   * parallel probes).
   */
  public Scheduler.StopReason runUntilAnswered(
      java.util.Collection<Long> packetIds, long waitNanos) {
    return runUntil(packetIds, waitNanos, () -> answered.containsAll(packetIds));
  }

  /**
   * As {@link #runUntilAnswered(java.util.Collection, long)}, but stops at the first answer to any
   * of {@code packetIds} (a TCP connect's SYN and its retransmissions: whichever is answered first
   * decides).
   */
  public Scheduler.StopReason runUntilAnyAnswered(
      java.util.Collection<Long> packetIds, long waitNanos) {
    return runUntil(packetIds, waitNanos, () -> packetIds.stream().anyMatch(answered::contains));
  }

  /**
   * As {@link #runUntilAnswered(java.util.Collection, long)}, but stops as soon as {@code done}
   * holds for the answers delivered so far to {@code packetIds} (in their order; empty where none
   * came yet): traceroute ends once its last hop answered, without waiting for later probes.
   */
  public Scheduler.StopReason runUntilAnswers(
      java.util.List<Long> packetIds,
      long waitNanos,
      java.util.function.Predicate<java.util.List<Optional<dev.podpath.model.packet.Ipv4Packet>>>
          done) {
    packetIds.forEach(answers::remove);
    return runUntil(
        packetIds,
        waitNanos,
        () ->
            done.test(packetIds.stream().map(id -> Optional.ofNullable(answers.get(id))).toList()));
  }

  /**
   * Runs until {@code done} holds or {@code waitNanos} have passed (then the clock stands at that
   * time).
   */
  private Scheduler.StopReason runUntil(
      java.util.Collection<Long> packetIds,
      long waitNanos,
      java.util.function.BooleanSupplier done) {
    answered.removeAll(packetIds);
    long until = Math.addExact(scheduler.now(), waitNanos);
    stopReason = scheduler.run(until, config.eventLimit(), done);
    if (stopReason == Scheduler.StopReason.TIME_LIMIT) {
      scheduler.advanceTo(until);
    }
    return stopReason;
  }

  /** Lets {@code nanos} pass: whatever is due meanwhile happens (timers, retries, expiries). */
  public void advance(long nanos) {
    long until = Math.addExact(scheduler.now(), nanos);
    stopReason = scheduler.run(until, config.eventLimit());
    scheduler.advanceTo(until);
  }

  public PacketLog log() {
    return log;
  }

  public Topology topology() {
    return topology;
  }

  public Optional<Scheduler.StopReason> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  /**
   * Switches to a changed network between probes (a script set a device down, added a route),
   * keeping what the kernel keeps: ARP caches and learned FDB entries, except those the kernel
   * flushes because a device went down or away (its neighbour entries; a bridge port's learned
   * MACs).
   */
  public void reconfigure(Topology next) {
    Objects.requireNonNull(next, "next");
    if (next == topology) {
      return;
    }
    Topology before = topology;
    topology = next;
    java.util.Set<DeviceRef> gone = new java.util.HashSet<>();
    for (Netns ns : before.netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        DeviceRef ref = new DeviceRef(ns.name(), d.name());
        Optional<NetDevice> now = next.device(ref);
        boolean wasUp = carrier(d, before);
        boolean isUp = now.isPresent() && carrier(now.get(), next);
        if (wasUp && !isUp || now.isEmpty()) {
          gone.add(ref);
        }
      }
    }
    neighbours.flush(gone);
    bridging.reconfigure(gone);
    vxlan.reconfigure(gone);
  }

  /** The neighbour entries of every namespace as they stand now. */
  public java.util.List<NeighbourState> neighbourState() {
    return neighbours.snapshot();
  }

  /** What every bridge has learned and not yet aged out. */
  public java.util.List<LearnedFdbEntry> learnedFdb() {
    java.util.List<LearnedFdbEntry> out = new java.util.ArrayList<>();
    bridging
        .learned()
        .forEach(
            (bridge, macs) ->
                macs.forEach((mac, port) -> out.add(new LearnedFdbEntry(bridge, port, mac))));
    return out;
  }

  /**
   * The path MTU {@code ns} learned towards {@code dst} from "fragmentation needed", and the
   * seconds until it expires ({@code ip route get}'s {@code cache expires Nsec mtu M}).
   */
  public java.util.Optional<CachedMtu> pathMtu(NetnsName ns, Ipv4Address dst) {
    java.util.OptionalInt mtu = pathMtu.mtu(ns, dst);
    if (mtu.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new CachedMtu(mtu.getAsInt(), pathMtu.expiresInSeconds(ns, dst).orElse(0)));
  }

  /** A path-MTU exception: the MTU and the seconds it has left. */
  public record CachedMtu(int mtu, int expiresInSeconds) {}

  /** What every VXLAN device with learning on has learned from the frames it unwrapped. */
  public java.util.List<LearnedVtep> learnedVteps() {
    return vxlan.learned();
  }

  /** The local error the sender of {@code packetId} got, if it got one instead of sending. */
  public Optional<SocketError> localError(long packetId) {
    return Optional.ofNullable(localErrors.get(packetId));
  }

  /**
   * How {@code -m statistic --mode random} rules decide from now on (see {@link
   * dev.podpath.sim.netfilter.StatisticChoice}).
   */
  public void statistic(dev.podpath.sim.netfilter.StatisticChoice choice) {
    nf.netfilter.statistic(choice);
  }

  /**
   * The namespace's iptables rules with the counters this run added ({@code iptables-save -c}); a
   * namespace without rules gives an empty ruleset.
   */
  public dev.podpath.model.netfilter.Ruleset ruleset(NetnsName ns) {
    return nf.netfilter.ruleset(netns(ns));
  }

  /** The confirmed conntrack entries of the namespace, as {@code conntrack -L} lists them. */
  public java.util.List<dev.podpath.sim.netfilter.ConntrackEntry> conntrack(NetnsName ns) {
    return nf.netfilter.conntrack(ns);
  }

  // ---- shared helpers for the datapath classes ----

  void socketSent(NetnsName ns, long packetId, Ipv4Packet p, boolean raw) {
    socketSends.put(packetId, new SocketSend(ns, p, raw));
  }

  /** What a socket in {@code ns} sent that {@code packetId} answers, if one did. */
  Optional<SocketSend> socketPacketAnswered(NetnsName ns, long packetId) {
    return log.cause(packetId).map(socketSends::get).filter(s -> s.netns().equals(ns));
  }

  long now() {
    return scheduler.now();
  }

  long newPacketId() {
    return nextPacketId++;
  }

  long newCopyId() {
    return nextCopyId++;
  }

  /**
   * An ARP request for {@code target} on behalf of packet {@code packetId} left the model through
   * {@code dev}.
   */
  void arpLeftModel(long packetId, Ipv4Address target, DeviceRef dev, String beyond) {
    arpExits.putIfAbsent(packetId + "/" + target, new DropReason.LeftModel(dev, beyond));
  }

  /**
   * An ARP request for {@code target} on behalf of packet {@code packetId} reached what is not
   * modelled (a VXLAN device whose FDB was not dumped, a device of a kind podpath does not model):
   * its answer is unknown, as for one that left the model.
   */
  void arpNotModelled(long packetId, Ipv4Address target, DropReason.NotModelled why) {
    arpExits.putIfAbsent(packetId + "/" + target, why);
  }

  /**
   * Where an ARP request for {@code target} on behalf of {@code packetId} left the model (or what
   * it reached that is not modelled), if one did.
   */
  Optional<DropReason> arpExit(long packetId, Ipv4Address target) {
    return Optional.ofNullable(arpExits.get(packetId + "/" + target));
  }

  void localError(long packetId, SocketError error) {
    localErrors.put(packetId, error);
  }

  void record(long packetId, long copyId, boolean arp, Step step) {
    log.record(new TraceEvent(now(), packetId, copyId, arp, step));
    if (step instanceof Step.LocalDelivery d && !arp) {
      log.cause(packetId).ifPresent(answered::add);
      log.cause(packetId).ifPresent(c -> answers.putIfAbsent(c, d.packet()));
    }
  }

  void record(Skb skb, Step step) {
    record(skb.packetId(), skb.copyId(), skb.arp(), step);
  }

  Netns netns(NetnsName name) {
    return topology.require(name);
  }

  Optional<NetDevice> device(DeviceRef ref) {
    return topology.device(ref);
  }

  NetDevice requireDevice(DeviceRef ref) {
    return topology.device(ref).orElseThrow(() -> new IllegalStateException("no device " + ref));
  }

  /** Whether a device has carrier: up, and for a veth, its peer up too. */
  boolean carrier(NetDevice dev) {
    return carrier(dev, topology);
  }

  private static boolean carrier(NetDevice dev, Topology in) {
    if (!dev.up()) {
      return false;
    }
    return dev.vethPeer().flatMap(in::device).map(NetDevice::up).orElse(true);
  }

  static Ipv4Packet packet(
      Ipv4Address src, Ipv4Address dst, int ttl, int tos, boolean df, int len, L4 l4) {
    return new Ipv4Packet(src, dst, ttl, tos, df, len, 0, l4);
  }
}
