package dev.podpath.trace.render;

import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.ProbeAnswer;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Traceroute;
import java.util.List;
import java.util.stream.Stream;

/**
 * A trace in one line, as {@code --brief} prints it: the verdict, the probe's source and
 * destination, and where it ended; for a packet that was not delivered, the drop reason's code and
 * the namespace/device of its last hop (the device it came in on, or left by where it was sent).
 *
 * <pre>{@code
 * REACHABLE  ns1 -> 10.1.2.2  DELIVERED at ns2
 * NOT REACHABLE  a -> 10.0.4.3  NEIGHBOUR_FAILED at a/e0
 * NOT REACHABLE  ns1 -> 10.1.2.2  NO_ROUTE at ns2 (echo-reply)
 * }</pre>
 */
public final class BriefLine {

  private BriefLine() {}

  /** {@return {@code t} in one line, without a newline} */
  public static String of(Trace t) {
    return of(Verdicts.result(t), t);
  }

  /**
   * {@return a scenario's probe in one line, with the script's file:line} A ping and a connect as
   * {@link #of(Trace)} their trace (the echo request's, the decisive SYN's), with UNKNOWN where the
   * answer is not modelled; a traceroute with its verdict (REACHABLE when the destination answered)
   * and where its last hop's first probe ended (", no answer" when none of that hop's probes was
   * answered); an {@code ip route get} as {@code ROUTE} or {@code NO ROUTE} and the line {@code ip}
   * prints.
   */
  public static String of(ProbeAnswer a) {
    String line;
    if (a instanceof ProbeAnswer.TracerouteAnswer t) {
      List<Traceroute.Line> lines = t.result().lines();
      String verdict =
          t.notModelled() ? "UNKNOWN" : t.result().reached() ? "REACHABLE" : "NOT REACHABLE";
      line =
          lines.isEmpty()
              ? verdict + "  " + a.probe().netns() + "  " + t.result().exitLine().orElse("")
              : of(verdict, lines.get(lines.size() - 1).trace())
                  + (lines.get(lines.size() - 1).address().isEmpty() ? ", no answer" : "");
    } else if (a instanceof ProbeAnswer.RouteGetAnswer r) {
      line =
          (r.answer().ok() ? "ROUTE  " : "NO ROUTE  ")
              + a.probe().netns()
              + ": "
              + r.answer().text().lines().findFirst().orElse("");
    } else {
      Trace t = a.trace().orElseThrow();
      line = of(a.notModelled() ? "UNKNOWN" : Verdicts.result(t), t);
    }
    return line + "  (" + a.probe().origin().location() + ")";
  }

  private static String of(String verdict, Trace t) {
    String head = verdict + "  " + t.probe().from() + " -> " + t.probe().dst() + "  ";
    PacketTrace ended =
        Stream.concat(Stream.of(t.request()), t.response().stream())
            .filter(p -> p.disposition() != Disposition.DELIVERED)
            .findFirst()
            .orElse(t.request());
    String what =
        ended.reason().map(r -> r.code()).orElse(ended.disposition().name())
            + " at "
            + site(ended, t);
    String role = ended == t.request() ? "" : " (" + PacketRoles.text(ended.role()) + ")";
    return head + what + role;
  }

  /** The namespace/device where {@code p} ended: its last hop's, the device in or else out. */
  private static String site(PacketTrace p, Trace t) {
    if (p.hops().isEmpty()) {
      return p.endedIn().orElse(t.probe().from()).toString();
    }
    Hop last = p.hops().get(p.hops().size() - 1);
    String netns = p.endedIn().orElse(last.netns()).toString();
    if (!p.endedIn().map(last.netns()::equals).orElse(true)) {
      return netns;
    }
    return last.in().or(last::out).map(d -> netns + "/" + d).orElse(netns);
  }
}
