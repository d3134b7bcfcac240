package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.outcome.PacketLog;
import dev.podpath.sim.outcome.SocketError;
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

  private final SimConfig config;
  private final Scheduler scheduler = new Scheduler();
  private final LiveTopology network;
  private final RunLog log;
  private final Datapath datapath;
  private Scheduler.StopReason stopReason;

  public Simulation(Topology topology, SimConfig config) {
    this.network = new LiveTopology(topology);
    this.config = Objects.requireNonNull(config, "config");
    Clock clock = Clock.of(scheduler);
    this.log = new RunLog(clock);
    this.datapath = new Datapath(new Run(clock, log, network, config));
  }

  /**
   * Sends a packet from a local socket in {@code send.netns()}: route lookup, source selection,
   * neighbour resolution, transmission. Returns the packet's id for the log; the packet moves when
   * {@link #run} runs.
   */
  public long send(LocalSend send) {
    long id = log.newPacketId();
    scheduler.schedule(0, () -> datapath.ip.sendLocal(id, send));
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
    return runUntil(packetIds, waitNanos, () -> packetIds.stream().allMatch(log::answered));
  }

  /**
   * As {@link #runUntilAnswered(java.util.Collection, long)}, but stops at the first answer to any
   * of {@code packetIds} (a TCP connect's SYN and its retransmissions: whichever is answered first
   * decides).
   */
  public Scheduler.StopReason runUntilAnyAnswered(
      java.util.Collection<Long> packetIds, long waitNanos) {
    return runUntil(packetIds, waitNanos, () -> packetIds.stream().anyMatch(log::answered));
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
    log.forgetAnswerPackets(packetIds);
    return runUntil(
        packetIds, waitNanos, () -> done.test(packetIds.stream().map(log::answer).toList()));
  }

  /**
   * Runs until {@code done} holds or {@code waitNanos} have passed (then the clock stands at that
   * time).
   */
  private Scheduler.StopReason runUntil(
      java.util.Collection<Long> packetIds,
      long waitNanos,
      java.util.function.BooleanSupplier done) {
    log.forgetAnswers(packetIds);
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

  /**
   * Drops from the log what it holds about the packets up to {@code lastPacketId}, finished packets
   * whose traces were assembled: their events, causes, copies and answers ({@link
   * PacketLog#forgetUpTo}). The run's state (neighbour caches, FDBs, conntrack, the next packet id)
   * is not the log's and stays. Returns how many events were dropped.
   */
  public int forgetUpTo(long lastPacketId) {
    return log.forgetUpTo(lastPacketId);
  }

  public PacketLog log() {
    return log.packetLog();
  }

  public Topology topology() {
    return network.topology();
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
    Topology before = network.topology();
    if (next == before) {
      return;
    }
    network.set(next);
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
    datapath.neighbours.flush(gone);
    datapath.bridging.reconfigure(gone);
    datapath.vxlan.reconfigure(gone);
  }

  /** The neighbour entries of every namespace as they stand now. */
  public java.util.List<NeighbourState> neighbourState() {
    return datapath.neighbours.snapshot();
  }

  /** What every bridge has learned and not yet aged out. */
  public java.util.List<LearnedFdbEntry> learnedFdb() {
    java.util.List<LearnedFdbEntry> out = new java.util.ArrayList<>();
    datapath
        .bridging
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
    java.util.OptionalInt mtu = datapath.pathMtu.mtu(ns, dst);
    if (mtu.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new CachedMtu(mtu.getAsInt(), datapath.pathMtu.expiresInSeconds(ns, dst).orElse(0)));
  }

  /** A path-MTU exception: the MTU and the seconds it has left. */
  public record CachedMtu(int mtu, int expiresInSeconds) {}

  /**
   * The next hop an ICMP redirect {@code ns} took set for {@code dst}, and the seconds it has left
   * ({@code ip route get}'s {@code via GW ... cache <redirected> expires Nsec}).
   */
  public Optional<Redirected> redirected(NetnsName ns, Ipv4Address dst) {
    return datapath
        .redirects
        .gateway(ns, dst)
        .map(gw -> new Redirected(gw, datapath.redirects.expiresInSeconds(ns, dst).orElse(0)));
  }

  /** A redirect's route exception: the new next hop and the seconds it has left. */
  public record Redirected(Ipv4Address gateway, int expiresInSeconds) {}

  /** What every VXLAN device with learning on has learned from the frames it unwrapped. */
  public java.util.List<LearnedVtep> learnedVteps() {
    return datapath.vxlan.learned();
  }

  /** The local error the sender of {@code packetId} got, if it got one instead of sending. */
  public Optional<SocketError> localError(long packetId) {
    return datapath.sockets.error(packetId);
  }

  /**
   * How {@code -m statistic --mode random} rules decide from now on (see {@link
   * dev.podpath.sim.netfilter.StatisticChoice}).
   */
  public void statistic(dev.podpath.sim.netfilter.StatisticChoice choice) {
    datapath.netfilter.statistic(choice);
  }

  /**
   * The namespace's iptables rules with the counters this run added ({@code iptables-save -c}); a
   * namespace without rules gives an empty ruleset.
   */
  public dev.podpath.model.netfilter.Ruleset ruleset(NetnsName ns) {
    return datapath.netfilter.ruleset(network.netns(ns));
  }

  /** The confirmed conntrack entries of the namespace, as {@code conntrack -L} lists them. */
  public java.util.List<dev.podpath.sim.netfilter.ConntrackEntry> conntrack(NetnsName ns) {
    return datapath.netfilter.conntrack(ns);
  }

  private static boolean carrier(NetDevice dev, Topology in) {
    if (!dev.up()) {
      return false;
    }
    return dev.vethPeer().flatMap(in::device).map(NetDevice::up).orElse(true);
  }
}
