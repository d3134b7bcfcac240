package dev.podpath.trace.render;

import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.Hop;
import dev.podpath.trace.NextHopAnswers;
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
    return body(a) + "  (" + a.probe().origin().location() + ")";
  }

  /**
   * {@return a probe in one line, with what the multipath routes it met do to it} Where the next
   * hops lead to different verdicts, {@code ECMP} and each next hop's ({@code ECMP a -> 10.2.0.2
   * next hop 1 REACHABLE, next hop 2 NOT REACHABLE (f.sh:80)}); where they agree, the line of
   * {@link #of(ProbeAnswer)} said to hold through each.
   */
  public static String of(ProbeAnswer a, java.util.Optional<NextHopAnswers> nextHops) {
    if (nextHops.isEmpty()) {
      return of(a);
    }
    NextHopAnswers n = nextHops.get();
    String where = "  (" + a.probe().origin().location() + ")";
    if (NextHopText.differ(n)) {
      Trace t = a.trace().orElseThrow();
      return "ECMP  "
          + t.probe().from()
          + " -> "
          + t.probe().dst()
          + "  "
          + NextHopText.line(n).substring(NextHopText.HASHED.length())
          + where;
    }
    return body(a) + "  (each of the " + n.branches().size() + " next hops)" + where;
  }

  /**
   * {@return a trace's next-hop branches ({@link dev.podpath.trace.Branches#nextHops}) in one
   * line}: {@code ECMP a -> 10.2.0.2 next hop 1 REACHABLE, next hop 2 NOT REACHABLE} where they
   * differ, else the first's line said to hold through each.
   */
  public static String ofNextHops(List<dev.podpath.trace.Branches.Branch> branches) {
    Trace first = branches.get(0).trace();
    if (branches.size() == 1) {
      return of(first);
    }
    if (NextHopText.differ(branches)) {
      return "ECMP  "
          + first.probe().from()
          + " -> "
          + first.probe().dst()
          + "  "
          + NextHopText.line(branches).substring(NextHopText.HASHED.length());
    }
    return of(first) + "  (each of the " + branches.size() + " next hops)";
  }

  private static String body(ProbeAnswer a) {
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
    return line;
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
