package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.sim.net.RouteGet;
import dev.podpath.sim.net.Simulation;
import java.util.Optional;

/**
 * Answers the probes of a scenario as the real commands would: ping, {@code nc -z}, traceroute,
 * {@code ip route get}, one after another in one session. The answers are typed ({@link
 * ProbeAnswer}); {@code trace.render.AnswerLines} prints them.
 */
public final class ProbeAnswers {

  private ProbeAnswers() {}

  /**
   * The answer to one probe, run in {@code session} (so earlier probes' ARP and FDB state carry
   * over, as in the kernel), in the network as it stood when the script ran the probe.
   */
  public static ProbeAnswer answer(Scenario sc, Session session, ProbeSpec p) {
    int index = sc.probes().indexOf(p);
    if (index >= 0) {
      session.simulation().reconfigure(sc.topologyAt(index));
    }
    if (p instanceof ProbeSpec.Ping ping) {
      Optional<Ipv4Address> src = ping.source().flatMap(Ipv4Address::tryParse);
      Probe probe =
          new Probe(
              ping.netns(),
              ping.destination(),
              src,
              Probe.Protocol.ICMP,
              session.echoId(),
              0,
              ping.ttl().orElse(64),
              ping.payloadSize(),
              ping.dontFragment());
      long wait = ping.waitMillis() * 1_000_000L;
      return new ProbeAnswer.PingAnswer(ping, session.traceAsCommand(probe, wait), wait);
    }
    if (p instanceof ProbeSpec.Connect c) {
      int sport = c.sourcePort().orElseGet(session::ephemeralPort);
      Probe probe =
          new Probe(
              c.netns(),
              c.destination(),
              c.source(),
              c.udp() ? Probe.Protocol.UDP : Probe.Protocol.TCP,
              sport,
              c.port(),
              64,
              // nc -u -z writes one byte ("X"); a SYN carries none
              c.udp() ? 1 : 0,
              true);
      Optional<Long> wait = c.waitMillis().map(ms -> ms * 1_000_000L);
      return new ProbeAnswer.ConnectAnswer(
          c, c.udp() ? Connect.runUdp(session, probe, wait) : Connect.run(session, probe, wait));
    }
    if (p instanceof ProbeSpec.Traceroute tr) {
      return new ProbeAnswer.TracerouteAnswer(
          tr, Traceroute.run(session, Traceroute.Request.of(tr)));
    }
    if (p instanceof ProbeSpec.RouteGet rg) {
      RouteGet.Answer a =
          RouteGet.answer(
              session.simulation().topology().require(rg.netns()),
              rg.destination(),
              rg.from(),
              rg.iif(),
              rg.mark().orElse(0L));
      // ip prints the path-MTU exception of an output lookup under the route
      Optional<Simulation.CachedMtu> cache =
          a.ok() && rg.iif().isEmpty()
              ? session.simulation().pathMtu(rg.netns(), rg.destination())
              : Optional.empty();
      Optional<Simulation.Redirected> redirected =
          a.ok() && rg.iif().isEmpty()
              ? session.simulation().redirected(rg.netns(), rg.destination())
              : Optional.empty();
      return new ProbeAnswer.RouteGetAnswer(rg, a, cache, redirected);
    }
    throw new AssertionError(p);
  }
}
