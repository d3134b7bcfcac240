package dev.podpath.trace;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketLog;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the simulation's log into the trace of one packet: finds where it ended (delivered, or the
 * drop that mattered), keeps the copy of the frame that got there, groups its steps into hops by
 * namespace, and hangs ARP exchanges and flooded copies on the hop where they happened.
 */
final class TraceAssembly {

  private TraceAssembly() {}

  static PacketTrace packet(
      PacketLog log, long packetId, PacketRole role, Scheduler.StopReason stop) {
    List<TraceEvent> all = log.events(packetId);
    // one pass, no streams: a trace reads its packets' events once each
    List<TraceEvent> own = new ArrayList<>(all.size());
    List<TraceEvent> arp = new ArrayList<>();
    Optional<TraceEvent> delivered = Optional.empty();
    Optional<Ipv4Packet> first = Optional.empty();
    for (TraceEvent e : all) {
      if (e.arp()) {
        arp.add(e);
        continue;
      }
      own.add(e);
      if (delivered.isEmpty() && e.step() instanceof Step.LocalDelivery) {
        delivered = Optional.of(e);
      } else if (first.isEmpty() && e.step() instanceof Step.Originated o) {
        first = Optional.of(o.packet());
      }
    }
    Optional<TraceEvent> terminal;
    Disposition disposition;
    Optional<DropReason> reason;
    if (delivered.isPresent()) {
      terminal = delivered;
      disposition = Disposition.DELIVERED;
      reason = Optional.empty();
    } else {
      terminal = decisiveDrop(own);
      if (terminal.isPresent()) {
        DropReason r = ((Step.Dropped) terminal.get().step()).reason();
        reason = Optional.of(r);
        disposition = dispositionOf(r);
      } else {
        NetnsName where = own.isEmpty() ? NetnsName.ROOT : own.get(own.size() - 1).step().netns();
        DropReason r =
            switch (stop) {
              case EVENT_LIMIT -> new DropReason.EventBudget(where, all.size());
              case TIME_LIMIT, CONDITION ->
                  new DropReason.InFlight(where, "on its way (waiting for ARP, or in transit)");
              case IDLE ->
                  new DropReason.NotModelled(where, "the packet vanished without a recorded fate");
            };
        reason = Optional.of(r);
        disposition = dispositionOf(r);
      }
    }
    Set<Long> mainCopies = new HashSet<>();
    mainCopies.add(0L);
    terminal.ifPresent(t -> mainCopies.addAll(log.copyAncestry(t.copyId())));
    List<TraceEvent> main = own;
    List<TraceEvent> others = new ArrayList<>();
    if (terminal.isPresent()) {
      main = new ArrayList<>(own.size());
      for (TraceEvent e : own) {
        (mainCopies.contains(e.copyId()) ? main : others).add(e);
      }
    }
    List<Hop> hops = hops(main, arp, others, terminal.isEmpty());
    if (reason.isPresent()) {
      reason = Optional.of(Loops.headline(reason.get(), all, hops));
      disposition = dispositionOf(reason.get());
    }
    return new PacketTrace(
        role, first, disposition, reason, terminal.map(t -> t.step().netns()), hops);
  }

  /**
   * The drop that decided the packet's fate: the last one that is not a bystander's "not for me".
   */
  private static Optional<TraceEvent> decisiveDrop(List<TraceEvent> own) {
    TraceEvent best = null;
    for (TraceEvent e : own) {
      if (e.step() instanceof Step.Dropped d) {
        boolean bystander = d.reason() instanceof DropReason.NotForThisHost;
        if (best == null
            || !bystander
            || ((Step.Dropped) best.step()).reason() instanceof DropReason.NotForThisHost) {
          best = e;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  static Disposition dispositionOf(DropReason r) {
    if (r instanceof DropReason.TtlExceeded) {
      return Disposition.TTL_EXCEEDED;
    } else if (r instanceof DropReason.BridgeLoop
        || r instanceof DropReason.BroadcastStorm
        || r instanceof DropReason.RoutingLoop
        || r instanceof DropReason.EventBudget) {
      return Disposition.LOOP;
    } else if (r instanceof DropReason.LeftModel) {
      return Disposition.EXITED_MODEL;
    } else if (r instanceof DropReason.NotModelled || r instanceof DropReason.NetfilterUnknown) {
      return Disposition.NOT_MODELLED;
    }
    return Disposition.DROPPED;
  }

  private static List<Hop> hops(
      List<TraceEvent> main, List<TraceEvent> arp, List<TraceEvent> others, boolean keepAll) {
    // each hop is a run of events in one namespace: a view of main, copied once by its Hop
    List<List<TraceEvent>> groups = new ArrayList<>();
    int start = 0;
    for (int k = 1; k <= main.size(); k++) {
      if (k == main.size() || !main.get(k).step().netns().equals(main.get(start).step().netns())) {
        groups.add(main.subList(start, k));
        start = k;
      }
    }
    int n = groups.size();
    List<List<TraceEvent>> arpOf = new ArrayList<>();
    List<List<Hop.Branch>> branchesOf = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      arpOf.add(new ArrayList<>());
      branchesOf.add(new ArrayList<>());
    }
    for (TraceEvent e : arp) {
      if (n > 0) {
        arpOf.get(groupAt(groups, e.timeNanos())).add(e);
      }
    }
    Map<Long, List<TraceEvent>> byCopy = new LinkedHashMap<>();
    if (!keepAll) {
      for (TraceEvent e : others) {
        byCopy.computeIfAbsent(e.copyId(), c -> new ArrayList<>()).add(e);
      }
    }
    for (List<TraceEvent> copy : byCopy.values()) {
      if (n > 0) {
        branchesOf.get(groupAt(groups, copy.get(0).timeNanos())).add(new Hop.Branch(copy));
      }
    }
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<TraceEvent> g = groups.get(i);
      Optional<String> in =
          g.get(0).step() instanceof Step.Received r
              ? Optional.of(r.dev().name())
              : Optional.empty();
      Optional<String> out = Optional.empty();
      if (i < n - 1) {
        for (TraceEvent e : g) {
          if (e.step() instanceof Step.Transmitted t) {
            out = Optional.of(t.dev().name());
          }
        }
      }
      hops.add(new Hop(g.get(0).step().netns(), in, out, g, arpOf.get(i), branchesOf.get(i)));
    }
    return hops;
  }

  /** The hop whose time span holds {@code t}; else the last hop that started before it. */
  private static int groupAt(List<List<TraceEvent>> groups, long t) {
    int best = 0;
    for (int i = 0; i < groups.size(); i++) {
      List<TraceEvent> g = groups.get(i);
      long start = g.get(0).timeNanos();
      long end = g.get(g.size() - 1).timeNanos();
      if (start <= t && t <= end) {
        return i;
      }
      if (start <= t) {
        best = i;
      }
    }
    return best;
  }
}
