package dev.podpath.trace.render;

import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import java.util.List;

/**
 * A trace as text, like a good tracer's: per hop a header (namespace, device in and out), then one
 * line per decision with its evidence, ARP exchanges indented under the hop that waited for them,
 * then the verdict.
 */
public final class TextRenderer {

  /** Deliveries later than this are worth a remark: ping -W1 would not wait for them. */
  private static final long SLOW_NANOS = 500_000_000L;

  private TextRenderer() {}

  public static String render(Trace t, String source) {
    return render(t, source, Annotations.NONE);
  }

  /**
   * As {@link #render(Trace, String)}, with what the snapshot adds: the Service the destination
   * came from, the assumptions made for the probe, and the pod and Service behind each DNAT.
   */
  public static String render(Trace t, String source, Annotations notes) {
    StringBuilder sb = new StringBuilder();
    sb.append("trace: ").append(t.probe()).append("   (").append(source).append(")\n");
    notes.service().ifPresent(s -> sb.append("to ").append(s.describe()).append('\n'));
    notes.assumptions().forEach(a -> sb.append("assumed: ").append(a).append('\n'));
    notes.warnings().forEach(a -> sb.append("warning: ").append(a).append('\n'));
    packet(sb, PacketRoles.text(t.request().role()), t.request(), notes);
    t.response().ifPresent(r -> packet(sb, PacketRoles.text(r.role()), r, notes));
    if (!t.notModelled().isEmpty()) {
      sb.append("\nnot modelled along the way (the kernel may differ here):\n");
      t.notModelled().forEach(n -> sb.append("  - ").append(n).append('\n'));
    }
    sb.append('\n');
    t.responseDelayNanos()
        .filter(d -> d >= SLOW_NANOS)
        .ifPresent(
            d ->
                sb.append("the ")
                    .append(PacketRoles.text(t.response().get().role()))
                    .append(" reaches the sender ")
                    .append(Durations.format(d))
                    .append(
                        " after the request (ping -W1 or traceroute -w1 give up before that)\n"));
    boolean leftModel =
        t.request().disposition() == dev.podpath.sim.outcome.Disposition.EXITED_MODEL
            || t.response()
                .filter(r -> r.disposition() == dev.podpath.sim.outcome.Disposition.EXITED_MODEL)
                .isPresent();
    if (leftModel) {
      sb.append("result: UNKNOWN (the ")
          .append(
              t.request().disposition() == dev.podpath.sim.outcome.Disposition.EXITED_MODEL
                  ? "request"
                  : PacketRoles.text(t.response().get().role()))
          .append(" left the model; see above for what would be needed)\n");
      return sb.toString();
    }
    boolean notModelled =
        t.request().disposition() == dev.podpath.sim.outcome.Disposition.NOT_MODELLED
            || t.response()
                .filter(r -> r.disposition() == dev.podpath.sim.outcome.Disposition.NOT_MODELLED)
                .isPresent();
    if (notModelled) {
      sb.append("result: UNKNOWN (the ")
          .append(
              t.request().disposition() == dev.podpath.sim.outcome.Disposition.NOT_MODELLED
                  ? "request"
                  : PacketRoles.text(t.response().get().role()))
          .append(" reached what podpath does not model; see above)\n");
      return sb.toString();
    }
    if (t.probe().protocol() == Probe.Protocol.ICMP) {
      sb.append("ping would print: ").append(PingLine.of(t)).append('\n');
    } else if (t.probe().protocol() == Probe.Protocol.TCP && t.localError().isEmpty()) {
      ConnectLine.ofSyn(t).ifPresent(l -> sb.append("nc -zv would print: ").append(l).append('\n'));
    } else {
      t.localError()
          .ifPresent(e -> sb.append("the sender would get: ").append(e.explain()).append('\n'));
    }
    sb.append("result: ").append(t.succeeded() ? "REACHABLE" : "NOT REACHABLE");
    loop(t).ifPresent(l -> sb.append(": ").append(l));
    sb.append('\n');
    return sb.toString();
  }

  /**
   * What the result line says of a loop the request (or its answer) met: a routing loop, a storm.
   */
  private static java.util.Optional<String> loop(Trace t) {
    for (PacketTrace p :
        t.response().map(r -> List.of(t.request(), r)).orElse(List.of(t.request()))) {
      java.util.Optional<String> what =
          p.reason()
              .flatMap(
                  r -> {
                    if (r instanceof DropReason.RoutingLoop l) {
                      return java.util.Optional.of(l.explain());
                    } else if (r instanceof DropReason.BroadcastStorm s) {
                      return java.util.Optional.of(
                          "broadcast storm on the bridge loop " + s.loop().loop());
                    } else if (r instanceof DropReason.BridgeLoop b) {
                      return java.util.Optional.of("bridge loop " + b.loop());
                    } else if (r instanceof DropReason.EventBudget) {
                      return java.util.Optional.of(
                          "a storm (the simulation's event budget ran out)");
                    }
                    return java.util.Optional.empty();
                  });
      if (what.isPresent()) {
        return what.map(
            w -> p == t.request() ? w : "the " + PacketRoles.text(p.role()) + " met a " + w);
      }
    }
    return java.util.Optional.empty();
  }

  private static void packet(StringBuilder sb, String role, PacketTrace p, Annotations notes) {
    sb.append('\n').append(role);
    p.packet().ifPresent(pk -> sb.append(": ").append(StepText.packet(pk)));
    sb.append('\n');
    List<Hop> hops = p.hops();
    for (int i = 0; i < hops.size(); i++) {
      Hop h = hops.get(i);
      sb.append(String.format("%3d  %s", i + 1, h.netns()));
      h.in().ifPresent(in -> sb.append("  in ").append(in));
      h.out().ifPresent(out -> sb.append("  out ").append(out));
      sb.append('\n');
      boolean arpShown = h.arp().isEmpty();
      for (TraceEvent e : h.steps()) {
        boolean waitedFor =
            e.step() instanceof Step.NeighbourResolved
                || (e.step() instanceof Step.Dropped d
                    && d.reason() instanceof dev.podpath.sim.outcome.DropReason.NeighbourFailed);
        if (!arpShown && waitedFor) {
          arp(sb, h);
          arpShown = true;
        }
        if (e.step() instanceof Step.Nftables n && !n.eventful()) {
          continue;
        }
        if (e.step() instanceof Step.Netfilter n && !n.eventful()) {
          continue;
        }
        line(sb, "       ", e.step(), null);
        notes
            .endpointOf(e.step())
            .ifPresent(
                ep ->
                    sb.append("       ")
                        .append(" ".repeat(9))
                        .append("  ")
                        .append(ep.describe())
                        .append('\n'));
      }
      if (!arpShown) {
        arp(sb, h);
      }
      for (Hop.Branch b : h.branches()) {
        TraceEvent last = b.steps().get(b.steps().size() - 1);
        sb.append("       flooded copy -> ")
            .append(last.step().netns())
            .append(": ")
            .append(StepText.describe(last.step()))
            .append('\n');
      }
    }
    sb.append("  => ").append(p.disposition());

    if (p.disposition() == Disposition.DELIVERED) {
      p.endedIn().ifPresent(n -> sb.append(" to ").append(n));
    } else {
      p.reason().ifPresent(r -> sb.append(": ").append(r.explain()));
    }
    sb.append('\n');
  }

  /**
   * The ARP exchange the hop waited for, indented, one line per decision in any namespace; a retry
   * that went exactly like the attempt before it is folded into one line.
   */
  private static void arp(StringBuilder sb, Hop h) {
    sb.append("       arp exchange:\n");
    java.util.List<java.util.List<Step>> attempts = new java.util.ArrayList<>();
    for (TraceEvent e : h.arp()) {
      Step s = e.step();
      if (s instanceof Step.Received || s instanceof Step.Transmitted) {
        continue;
      }
      if (s instanceof Step.ArpRequest || attempts.isEmpty()) {
        attempts.add(new java.util.ArrayList<>());
      }
      attempts.get(attempts.size() - 1).add(s);
    }
    java.util.List<String> previous = null;
    for (java.util.List<Step> attempt : attempts) {
      java.util.List<String> shape =
          attempt.stream()
              .filter(x -> !(x instanceof Step.BridgeLearned))
              .map(TextRenderer::withoutAttempt)
              .toList();
      if (shape.equals(previous) && attempt.get(0) instanceof Step.ArpRequest a) {
        sb.append("         ")
            .append(String.format("%-14s ", a.netns()))
            .append(
                String.format("%-8s %s", "arp", "attempt " + a.attempt() + ": the same, no answer"))
            .append('\n');
        continue;
      }
      for (Step s : attempt) {
        line(sb, "         ", s, s.netns().toString());
      }
      previous = shape;
    }
  }

  private static String withoutAttempt(Step s) {
    return s.netns() + " " + StepText.describe(s).replaceAll(", attempt \\d+\\)", ")");
  }

  private static void line(StringBuilder sb, String indent, Step s, String netns) {
    sb.append(indent);
    if (netns != null) {
      sb.append(String.format("%-14s ", netns));
    }
    sb.append(String.format("%-8s %s", StepText.verb(s), StepText.describe(s))).append('\n');
    for (String d : StepText.details(s)) {
      sb.append(indent)
          .append(netns != null ? " ".repeat(15) : "")
          .append(" ".repeat(11))
          .append(d)
          .append('\n');
    }
  }
}
