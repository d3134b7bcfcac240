package dev.podpath.trace.graph;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link Trace} went on the graph: for the request and for the response it drew, the
 * namespaces of its hops and the devices its steps touched, in order. What the GUI draws; the
 * trace's own hops are the truth it is drawn from.
 */
public record TracePath(List<Leg> legs) {

  public TracePath {
    legs = List.copyOf(legs);
  }

  /**
   * One packet's way.
   *
   * @param hops the namespace of each hop, as the trace lists them
   * @param devices every device the packet's own steps touched, consecutive repeats folded
   * @param endedIn where it was delivered or dropped
   */
  public record Leg(
      PacketRole role,
      List<NetnsName> hops,
      List<DeviceRef> devices,
      Disposition disposition,
      Optional<NetnsName> endedIn) {
    public Leg {
      Objects.requireNonNull(role, "role");
      hops = List.copyOf(hops);
      devices = List.copyOf(devices);
      Objects.requireNonNull(disposition, "disposition");
      Objects.requireNonNull(endedIn, "endedIn");
    }

    /** Whether the packet got where it was sent. */
    public boolean delivered() {
      return disposition == Disposition.DELIVERED;
    }
  }

  /** The path of {@code trace}: its request, then its response when it drew one. */
  public static TracePath of(Trace trace) {
    List<Leg> legs = new ArrayList<>();
    legs.add(leg(trace.request()));
    trace.response().ifPresent(r -> legs.add(leg(r)));
    return new TracePath(legs);
  }

  private static Leg leg(PacketTrace p) {
    List<NetnsName> hops = new ArrayList<>();
    List<DeviceRef> devices = new ArrayList<>();
    for (Hop h : p.hops()) {
      hops.add(h.netns());
      h.in().ifPresent(d -> fold(devices, new DeviceRef(h.netns(), d)));
      for (TraceEvent e : h.steps()) {
        StepDevices.of(e.step()).ifPresent(d -> fold(devices, d));
      }
      h.out().ifPresent(d -> fold(devices, new DeviceRef(h.netns(), d)));
    }
    return new Leg(p.role(), hops, devices, p.disposition(), p.endedIn());
  }

  private static void fold(List<DeviceRef> devices, DeviceRef d) {
    if (devices.isEmpty() || !devices.get(devices.size() - 1).equals(d)) {
      devices.add(d);
    }
  }
}
