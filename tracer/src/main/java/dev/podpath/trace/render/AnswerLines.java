package dev.podpath.trace.render;

import dev.podpath.trace.ProbeAnswer;
import java.util.ArrayList;
import java.util.List;

/**
 * The key lines the real command prints for a scenario's probe: ping's reply or error line, {@code
 * nc -v}'s line, traceroute's header and hop lines (without timings), {@code ip route get}'s first
 * line and its path-MTU exception.
 */
public final class AnswerLines {

  private AnswerLines() {}

  public static List<String> of(ProbeAnswer a) {
    if (a instanceof ProbeAnswer.PingAnswer p) {
      return List.of(PingLine.of(p.ping(), p.waitNanos()));
    } else if (a instanceof ProbeAnswer.ConnectAnswer c) {
      return List.of(
          c.printed()
              ? ConnectLine.of(
                  c.probe().destination(),
                  c.probe().port(),
                  c.probe().numeric(),
                  c.probe().udp(),
                  c.result())
              : ConnectLine.SILENT);
    } else if (a instanceof ProbeAnswer.TracerouteAnswer t) {
      return TracerouteLines.of(t.result());
    } else if (a instanceof ProbeAnswer.RouteGetAnswer r) {
      List<String> lines = new ArrayList<>(List.of(r.routeLine()));
      // ip prints the exception under the route: "    cache expires 599sec mtu 1450"
      r.cacheLine().ifPresent(lines::add);
      return lines;
    }
    throw new AssertionError(a);
  }
}
