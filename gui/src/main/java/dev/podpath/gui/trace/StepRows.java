package dev.podpath.gui.trace;

import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.graph.StepDevices;
import dev.podpath.trace.render.PacketRoles;
import dev.podpath.trace.render.StepText;
import java.util.ArrayList;
import java.util.List;

/**
 * The step list of a trace: the steps the CLI's text prints, in its order (a hop's own steps with
 * its ARP exchange after them; netfilter passes that changed nothing left out, as the CLI leaves
 * them out), each described by the tracer's {@link StepText}.
 */
public final class StepRows {

  private StepRows() {}

  public static List<StepRow> of(Trace t) {
    List<StepRow> rows = new ArrayList<>();
    add(rows, t.request());
    t.response().ifPresent(r -> add(rows, r));
    return rows;
  }

  private static void add(List<StepRow> rows, PacketTrace p) {
    String leg = PacketRoles.text(p.role());
    int i = 0;
    for (Hop h : p.hops()) {
      i++;
      for (TraceEvent e : h.steps()) {
        if (e.step() instanceof Step.Netfilter n && !n.eventful()) {
          continue;
        }
        rows.add(row(p, leg, i, e.step(), false));
      }
      for (TraceEvent e : h.arp()) {
        Step s = e.step();
        if (s instanceof Step.Received || s instanceof Step.Transmitted) {
          continue;
        }
        rows.add(row(p, leg, i, s, true));
      }
    }
  }

  private static StepRow row(PacketTrace p, String leg, int hop, Step s, boolean arp) {
    String text = StepText.describe(s);
    List<String> details = StepText.details(s);
    if (!details.isEmpty()) {
      text = text + "\n" + String.join("\n", details);
    }
    return new StepRow(
        p.role(),
        leg,
        hop,
        s.netns().value(),
        StepText.verb(s),
        text,
        StepDevices.of(s),
        arp,
        s instanceof Step.Dropped,
        s);
  }
}
