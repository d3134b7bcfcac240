package dev.podpath.trace;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;
import java.util.Optional;

/**
 * Several probes in one continuous world, as a script's probes run one after another on a real
 * host: ARP caches and bridge FDBs learned by one probe are there for the next.
 *
 * <pre>{@code
 * Session s = new Session(topology, SimConfig.defaults());
 * Trace first = s.trace(probeA);
 * Trace second = s.trace(probeB);   // sees the neighbour entries probeA created
 * }</pre>
 */
public final class Session {

  private final Simulation sim;

  /** Whether each probe's events leave the log once its trace is assembled ({@link #dropping}). */
  private final boolean dropFinished;

  /** Every packet a probe sent, in order ({@link #tracesSince}). */
  private final java.util.List<Sent> sent = new java.util.ArrayList<>();

  private record Sent(Probe probe, long id) {}

  /** The next ephemeral source port a connect takes (Linux picks from 32768-60999). */
  private int nextEphemeralPort = 40000;

  public Session(Topology topology, SimConfig config) {
    this(topology, config, false);
  }

  private Session(Topology topology, SimConfig config, boolean dropFinished) {
    this.sim = new Simulation(topology, config);
    this.dropFinished = dropFinished;
  }

  /**
   * A session whose log keeps only what is in flight: once {@link #trace}, {@link #traceAsCommand}
   * or a batch of probes has assembled its traces, the events of their packets (and of every
   * earlier packet, late answers included) leave the simulation's log. The traces returned hold
   * their own events (so a probe's pcap is still {@code TracePcap} of its trace), and the world
   * goes on as in any session (ARP caches, FDBs, conntrack), so the answers are the same; what goes
   * is {@code simulation().log()}'s history, which a long run of probes never reads again. Its
   * memory stays flat over any number of probes ({@code TraceCostTest}).
   */
  public static Session dropping(Topology topology, SimConfig config) {
    return new Session(topology, config, true);
  }

  /** Sends the probe, lets the world run until it is quiet, and returns the probe's trace. */
  public Trace trace(Probe probe) {
    return trace(probe, 1);
  }

  Trace trace(Probe probe, int seq) {
    long id = sent(probe, sim.send(Tracer.localSend(probe, seq)));
    Scheduler.StopReason stop = sim.run();
    return finished(Tracer.assemble(sim, probe, id, stop), id);
  }

  /**
   * In a {@link #dropping} session, drops the log's events up to the newest packet of the probe
   * sent as {@code id} (the packets it caused, and those they caused).
   */
  private Trace finished(Trace trace, long id) {
    if (dropFinished) {
      long last = id;
      java.util.ArrayDeque<Long> open = new java.util.ArrayDeque<>(sim.log().responsesTo(id));
      while (!open.isEmpty()) {
        long p = open.removeFirst();
        last = Math.max(last, p);
        open.addAll(sim.log().responsesTo(p));
      }
      sim.forgetUpTo(last);
    }
    return trace;
  }

  /**
   * As a command in a script runs: the probe takes as long as the real command would wait for its
   * answer ({@code waitNanos}, or less when the answer comes), and what is still pending then (ARP
   * retries, neighbour timers) happens during later probes, as in the kernel.
   */
  public Trace traceAsCommand(Probe probe, long waitNanos) {
    return traceAsCommand(probe, 1, waitNanos);
  }

  /**
   * Sends several probes at once and waits up to {@code waitNanos} for all their answers, as Linux
   * traceroute does with its simultaneous probes.
   */
  java.util.List<Trace> traceTogether(java.util.List<Probe> probes, int firstSeq, long waitNanos) {
    return traceTogether(
        probes, firstSeq, waitNanos, answers -> answers.stream().allMatch(Optional::isPresent));
  }

  /**
   * As {@link #traceTogether(java.util.List, int, long)}, but it stops waiting as soon as {@code
   * done} holds for the answers so far (one per probe, in order; empty where none came).
   */
  java.util.List<Trace> traceTogether(
      java.util.List<Probe> probes,
      int firstSeq,
      long waitNanos,
      java.util.function.Predicate<java.util.List<Optional<Ipv4Packet>>> done) {
    return traceTogether(probes, firstSeq, waitNanos, false, done);
  }

  /**
   * As above; with {@code raw}, the probes leave through raw sockets ({@code traceroute -T}'s
   * SYNs).
   */
  java.util.List<Trace> traceTogether(
      java.util.List<Probe> probes,
      int firstSeq,
      long waitNanos,
      boolean raw,
      java.util.function.Predicate<java.util.List<Optional<Ipv4Packet>>> done) {
    return traceTogether(probes, firstSeq, waitNanos, raw, done, t -> false);
  }

  /**
   * As above, sending the probes one after the other as the program's {@code sendto} calls do: a
   * probe for which {@code refused} holds right after its send (the sender's own OUTPUT dropped it:
   * {@code sendto} failed) is the last one sent, and the batch ends with it.
   */
  java.util.List<Trace> traceTogether(
      java.util.List<Probe> probes,
      int firstSeq,
      long waitNanos,
      boolean raw,
      java.util.function.Predicate<java.util.List<Optional<Ipv4Packet>>> done,
      java.util.function.Predicate<Trace> refused) {
    java.util.List<Long> ids = new java.util.ArrayList<>();
    java.util.List<Probe> sent = new java.util.ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      long id =
          sent(probes.get(i), sim.send(Tracer.localSend(probes.get(i), firstSeq + i).withRaw(raw)));
      ids.add(id);
      sent.add(probes.get(i));
      sim.advance(0);
      if (refused.test(assemble(probes.get(i), id))) {
        break;
      }
    }
    Scheduler.StopReason stop = sim.runUntilAnswers(ids, waitNanos, done);
    java.util.List<Trace> out = new java.util.ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      out.add(Tracer.assemble(sim, sent.get(i), ids.get(i), stop));
    }
    if (!ids.isEmpty()) {
      finished(out.get(out.size() - 1), ids.get(ids.size() - 1));
    }
    return out;
  }

  Trace traceAsCommand(Probe probe, int seq, long waitNanos) {
    long id = sent(probe, sim.send(Tracer.localSend(probe, seq)));
    Scheduler.StopReason stop = sim.runUntilAnswered(id, waitNanos);
    return finished(Tracer.assemble(sim, probe, id, stop), id);
  }

  /** Sends the probe's packet now and returns its id; nothing moves until the simulation runs. */
  long send(Probe probe, int seq) {
    return sent(probe, sim.send(Tracer.localSend(probe, seq)));
  }

  private long sent(Probe probe, long id) {
    sent.add(new Sent(probe, id));
    return id;
  }

  /** How many packets the probes have sent so far: a mark for {@link #tracesSince}. */
  public int sentCount() {
    return sent.size();
  }

  /**
   * The traces of the packets sent since {@code mark} ({@link #sentCount}), in the order they were
   * sent, with what happened to them until now: after {@link #settle}, the ARP requests, errors and
   * replies that came after the command had stopped waiting.
   */
  public java.util.List<Trace> tracesSince(int mark) {
    return sent.subList(mark, sent.size()).stream().map(s -> assemble(s.probe(), s.id())).toList();
  }

  /**
   * Lets time pass until no neighbour resolution is pending anywhere (no INCOMPLETE entry: the ARP
   * requests still due, the host unreachable a failed one sends), checked every {@code stepNanos}
   * and for at most {@code limitNanos}, then {@code quietNanos} more: what {@code verify --pcap}'s
   * sandbox does after a captured probe before it stops the captures and the script goes on.
   */
  public void settle(long stepNanos, long limitNanos, long quietNanos) {
    for (long waited = 0; waited < limitNanos && resolving(); waited += stepNanos) {
      sim.advance(stepNanos);
    }
    sim.advance(quietNanos);
  }

  private boolean resolving() {
    return sim.neighbourState().stream()
        .anyMatch(n -> n.state() == dev.podpath.model.neigh.NudState.INCOMPLETE);
  }

  /** The trace of packet {@code id} of {@code probe} as the log stands now. */
  Trace assemble(Probe probe, long id) {
    return Tracer.assemble(sim, probe, id, sim.stopReason().orElse(Scheduler.StopReason.IDLE));
  }

  /**
   * A fresh ICMP echo id for a new ping command: each ping process has its own (the kernel's
   * conntrack keys echo flows by it, so two pings are two connections).
   */
  public int echoId() {
    return 0x1234 + nextEchoId++;
  }

  private int nextEchoId;

  /** A fresh source port for a new connection, as the kernel's ephemeral range gives one. */
  public int ephemeralPort() {
    int p = nextEphemeralPort++;
    if (nextEphemeralPort > 60999) {
      nextEphemeralPort = 32768;
    }
    return p;
  }

  public Simulation simulation() {
    return sim;
  }
}
