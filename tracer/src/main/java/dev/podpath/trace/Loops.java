package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Says a loop plainly in a packet's verdict. The simulator's drop says what happened last (a TTL
 * ran out, an ARP request went unanswered, a frame came back to a bridge port); when that is a
 * loop's doing, the verdict names the loop:
 *
 * <ul>
 *   <li>a TTL that ran out after the packet crossed a namespace twice the same way (in and out by
 *       the same devices) is a {@link DropReason.RoutingLoop};
 *   <li>a packet whose ARP exchange (or whose own flooded frame) went round a bridge loop, and that
 *       then got no answer, met a {@link DropReason.BroadcastStorm}; a unicast frame that went
 *       round keeps its {@link DropReason.BridgeLoop}.
 * </ul>
 */
final class Loops {

  private Loops() {}

  static DropReason headline(DropReason r, List<TraceEvent> events, List<Hop> hops) {
    if (r instanceof DropReason.TtlExceeded t) {
      return cycle(hops)
          .<DropReason>map(c -> new DropReason.RoutingLoop(c, hops.size(), t))
          .orElse(r);
    }
    boolean waiting =
        r instanceof DropReason.NeighbourFailed
            || r instanceof DropReason.InFlight
            || r instanceof DropReason.EventBudget
            || r instanceof DropReason.BridgeLoop;
    if (!waiting) {
      return r;
    }
    List<DropReason.BridgeLoop> loops =
        events.stream()
            .map(TraceEvent::step)
            .filter(s -> s instanceof Step.Dropped d && d.reason() instanceof DropReason.BridgeLoop)
            .map(s -> (DropReason.BridgeLoop) ((Step.Dropped) s).reason())
            .toList();
    Optional<DropReason.BridgeLoop> flooded =
        loops.stream()
            .filter(l -> l.dst().isMulticast())
            .findFirst()
            .or(() -> loops.stream().filter(l -> flooded(events, l)).findFirst());
    if (flooded.isEmpty()) {
      return loops.isEmpty() || r instanceof DropReason.BridgeLoop ? r : loops.get(0);
    }
    int copies =
        (int)
            events.stream()
                .filter(e -> e.step() instanceof Step.BridgeForwarded)
                .map(TraceEvent::copyId)
                .distinct()
                .count();
    Optional<Ipv4Address> arpFor =
        r instanceof DropReason.NeighbourFailed n
            ? Optional.of(n.nextHop())
            : events.stream()
                .filter(e -> e.arp() && e.step() instanceof Step.ArpRequest)
                .map(e -> ((Step.ArpRequest) e.step()).target())
                .findFirst();
    return new DropReason.BroadcastStorm(flooded.get(), copies, arpFor);
  }

  /**
   * Whether a bridge flooded frames to the loop's destination MAC (unknown unicast goes everywhere,
   * too).
   */
  private static boolean flooded(List<TraceEvent> events, DropReason.BridgeLoop loop) {
    return events.stream()
        .anyMatch(
            e ->
                e.step() instanceof Step.BridgeForwarded b
                    && b.dst().equals(loop.dst())
                    && b.decision() == Step.BridgeDecision.FLOOD_UNKNOWN);
  }

  /**
   * The turn rotated to start with the namespace the packet met first ({@code r, up2}, not {@code
   * up2, r}).
   */
  private static List<NetnsName> inPathOrder(List<NetnsName> turn, List<Hop> hops) {
    for (Hop h : hops) {
      int at = turn.indexOf(h.netns());
      if (at >= 0) {
        List<NetnsName> rotated = new ArrayList<>(turn.subList(at, turn.size()));
        rotated.addAll(turn.subList(0, at));
        return rotated;
      }
    }
    return turn;
  }

  /**
   * The namespaces of one turn of a routing loop: from the first hop that the packet repeats (the
   * same namespace, in and out by the same devices) up to its repetition.
   */
  static Optional<List<NetnsName>> cycle(List<Hop> hops) {
    for (int j = 1; j < hops.size(); j++) {
      Hop later = hops.get(j);
      if (later.out().isEmpty()) {
        continue;
      }
      for (int i = 0; i < j; i++) {
        Hop h = hops.get(i);
        if (h.netns().equals(later.netns())
            && h.in().equals(later.in())
            && h.out().equals(later.out())) {
          List<NetnsName> turn = new ArrayList<>();
          hops.subList(i, j).forEach(x -> turn.add(x.netns()));
          return Optional.of(inPathOrder(turn, hops));
        }
      }
    }
    return Optional.empty();
  }
}
