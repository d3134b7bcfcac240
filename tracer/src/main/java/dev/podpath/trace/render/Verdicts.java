package dev.podpath.trace.render;

import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;

/**
 * A packet's fate and a probe's result in the words of the text output ({@code DELIVERED to
 * busybox-pg7ps}, {@code DROPPED: no route to ...}, {@code REACHABLE}), for views that show them
 * apart from the whole trace (the GUI).
 */
public final class Verdicts {

  private Verdicts() {}

  /** The {@code =>} line of a packet, without the arrow. */
  public static String of(PacketTrace p) {
    StringBuilder sb = new StringBuilder(p.disposition().name());
    if (p.disposition() == Disposition.DELIVERED) {
      p.endedIn().ifPresent(n -> sb.append(" to ").append(n));
    } else {
      p.reason().ifPresent(r -> sb.append(": ").append(r.explain()));
    }
    return sb.toString();
  }

  /**
   * The result line's verdict: REACHABLE, NOT REACHABLE, or UNKNOWN when the model could not say.
   */
  public static String result(Trace t) {
    boolean unknown = unknown(t.request()) || t.response().filter(Verdicts::unknown).isPresent();
    if (unknown) {
      return "UNKNOWN";
    }
    return t.succeeded() ? "REACHABLE" : "NOT REACHABLE";
  }

  private static boolean unknown(PacketTrace p) {
    return p.disposition() == Disposition.EXITED_MODEL
        || p.disposition() == Disposition.NOT_MODELLED;
  }
}
