package dev.podpath.trace;

import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.TcpFlags;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.net.LocalSend;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.PacketLog;
import dev.podpath.sim.outcome.PacketRole;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Traces a probe through a topology: simulate it, then assemble the request's trace and the
 * response it drew.
 *
 * <pre>{@code
 * Trace t = Tracer.trace(scenario.topology(), Probe.icmp(NetnsName.of("ns1"), Ipv4Address.parse("10.1.1.2")));
 * t.request().disposition();   // DELIVERED
 * t.response();                // the echo reply's own trace
 * }</pre>
 */
public final class Tracer {

  private Tracer() {}

  public static Trace trace(Topology topology, Probe probe) {
    return trace(topology, probe, SimConfig.defaults());
  }

  public static Trace trace(Topology topology, Probe probe, SimConfig config) {
    return new Session(topology, config).trace(probe);
  }

  static Trace assemble(Simulation sim, Probe probe, long id, Scheduler.StopReason stop) {
    PacketLog log = sim.log();
    PacketTrace request = TraceAssembly.packet(log, id, PacketRole.REQUEST, stop);
    // a redirect a router sent on the way is not the answer: the packet went on
    List<Long> responses =
        log.responsesTo(id).stream()
            .filter(r -> log.role(r).filter(PacketRole.ICMP_REDIRECT::equals).isEmpty())
            .toList();
    Optional<PacketTrace> response =
        responses.isEmpty()
            ? Optional.empty()
            : Optional.of(
                TraceAssembly.packet(
                    log, responses.get(0), log.role(responses.get(0)).orElseThrow(), stop));
    List<PacketTrace> followUps = new ArrayList<>();
    if (!responses.isEmpty()) {
      for (long f : followUps(log, responses.get(0))) {
        followUps.add(TraceAssembly.packet(log, f, log.role(f).orElseThrow(), stop));
      }
    }
    return new Trace(probe, request, response, sim.localError(id), log.notModelled(), followUps);
  }

  /**
   * The packets {@code response} caused, and those they caused in turn, in the order they were made
   * (packet ids grow as packets are made): a SYN-ACK's ACK and FIN, the server's FIN answering that
   * FIN, the last ACK.
   */
  private static List<Long> followUps(PacketLog log, long response) {
    List<Long> out = new ArrayList<>();
    Deque<Long> open = new ArrayDeque<>(log.responsesTo(response));
    while (!open.isEmpty()) {
      long p = open.removeFirst();
      out.add(p);
      open.addAll(log.responsesTo(p));
    }
    Collections.sort(out);
    return out;
  }

  /** The socket send a probe makes; {@code seq} numbers successive probes. */
  static LocalSend localSend(Probe probe, int seq) {
    L4 l4 =
        switch (probe.protocol()) {
          // ping's echo id: the probe's "source port" when set (each ping command has its own),
          // else 0x1234
          case ICMP -> L4.Icmp.echoRequest(probe.sport() != 0 ? probe.sport() : 0x1234, seq);
          case UDP -> new L4.Udp(probe.sport(), probe.dport());
          case TCP -> new L4.Tcp(probe.sport(), probe.dport(), TcpFlags.SYN_ONLY);
        };
    // a Linux SYN carries 20 bytes of options (MSS, SACK, timestamps, window scale), so it is 60
    // bytes on the wire as the kernel sends it (and as iptables counts it)
    int options = probe.protocol() == Probe.Protocol.TCP ? 20 : 0;
    return new LocalSend(
        probe.from(),
        probe.dst(),
        probe.src(),
        l4,
        probe.ttl(),
        probe.payloadBytes() + options,
        probe.dontFragment());
  }
}
