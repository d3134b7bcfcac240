package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.sim.net.RouteGet;
import dev.podpath.trace.render.ConnectLine;
import dev.podpath.trace.render.PingLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the real command of each scenario probe would print, in its key lines: ping's reply or
 * error line, traceroute's hop lines (without timings), {@code ip route get}'s first line.
 */
public final class ProbeAnswers {

  private ProbeAnswers() {}

  /**
   * The key lines the real command would print for one probe, run in {@code session} (so earlier
   * probes' ARP and FDB state carry over, as in the kernel).
   */
  public static List<String> answer(Scenario sc, Session session, ProbeSpec p) {
    return answerWithTrace(sc, session, p).lines();
  }

  /** The key lines, and for a ping the trace behind them. */
  public record Answer(List<String> lines, Optional<Trace> trace) {}

  public static Answer answerWithTrace(Scenario sc, Session session, ProbeSpec p) {
    int index = sc.probes().indexOf(p);
    if (index >= 0) {
      session.simulation().reconfigure(sc.topologyAt(index));
    }
    if (p instanceof ProbeSpec.Ping ping) {
      Optional<Ipv4Address> src = ping.source().flatMap(Ipv4Address::tryParse);
      Probe probe = new Probe(ping.netns(), ping.destination(), src, Probe.Protocol.ICMP, session.echoId(), 0,
          ping.ttl().orElse(64), ping.payloadSize(), ping.dontFragment());
      long wait = ping.waitMillis() * 1_000_000L;
      Trace t = session.traceAsCommand(probe, wait);
      return new Answer(List.of(PingLine.of(t, wait)), Optional.of(t));
    }
    if (p instanceof ProbeSpec.Connect c) {
      int sport = c.sourcePort().orElseGet(session::ephemeralPort);
      Probe probe = new Probe(c.netns(), c.destination(), c.source(), Probe.Protocol.TCP, sport, c.port(), 64);
      Connect.Result r = Connect.run(session, probe, c.waitMillis().map(ms -> ms * 1_000_000L));
      String line = c.verbose() || r.outcome() == Connect.Outcome.NOT_MODELLED
          ? ConnectLine.of(c.destination(), c.port(), c.numeric(), r) : ConnectLine.SILENT;
      return new Answer(List.of(line), Optional.of(r.decisive()));
    }
    return new Answer(lines(sc, session, p), Optional.empty());
  }

  private static List<String> lines(Scenario sc, Session session, ProbeSpec p) {
    if (p instanceof ProbeSpec.Traceroute tr) {
      Traceroute.Result r = Traceroute.run(session, Traceroute.Request.of(tr));
      List<String> lines = new ArrayList<>();
      lines.add(r.header());
      r.lines().forEach(l -> lines.add(l.render()));
      return lines;
    }
    if (p instanceof ProbeSpec.RouteGet rg) {
      RouteGet.Answer a = RouteGet.answer(session.simulation().topology().require(rg.netns()), rg.destination(), rg.from(), rg.iif(),
          rg.mark().orElse(0L));
      List<String> lines = new ArrayList<>(List.of(a.text()));
      if (a.ok() && rg.iif().isEmpty()) {
        // ip prints the exception under the route: "    cache expires 599sec mtu 1450"
        session.simulation().pathMtu(rg.netns(), rg.destination()).ifPresent(c ->
            lines.add("    cache expires " + c.expiresInSeconds() + "sec mtu " + c.mtu()));
      }
      return lines;
    }
    throw new AssertionError(p);
  }
}
