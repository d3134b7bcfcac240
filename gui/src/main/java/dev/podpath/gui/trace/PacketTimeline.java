package dev.podpath.gui.trace;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the packet is drawn at each row of the step list, for the moving marker: the device the
 * packet reached so far (its last step that names one), whether it travels wrapped in a tunnel's
 * outer header (from its encapsulation to its decapsulation), and the side events of the row: an
 * ARP exchange made on the packet's behalf, or the copies a bridge flooded. Read from the tracer's
 * steps only; no datapath decision is made here.
 *
 * <pre>{@code
 * PacketTimeline t = PacketTimeline.of(StepRows.of(trace));
 * t.at(k).packetAt();   // the device the marker sits on at row k
 * t.at(k).wrapped();    // Optional[VXLAN] between flannel.1's encap and the peer's decap
 * }</pre>
 *
 * @param moments one per row of the step list, in its order
 */
public record PacketTimeline(List<Moment> moments) {

  public PacketTimeline {
    moments = List.copyOf(moments);
  }

  /** What a side event is: drawn apart from the packet, in its own shape. */
  public enum SideKind {
    /** An ARP request, reply or ignore on the packet's behalf. */
    ARP,
    /** Copies a bridge sent out of other ports (unknown unicast or broadcast). */
    FLOOD
  }

  /**
   * A side event of one row.
   *
   * @param at the device it happened on
   * @param copies for a flood, the ports the copies left through
   */
  public record Side(SideKind kind, DeviceRef at, List<DeviceRef> copies) {
    public Side {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(at, "at");
      copies = List.copyOf(copies);
    }
  }

  /**
   * The picture at one row.
   *
   * @param row the row's index in the step list
   * @param role which packet moves (request, reply...)
   * @param packetAt the device the packet reached; empty before its first device
   * @param wrapped the tunnel whose outer header the packet travels in, between encap and decap
   * @param side the row's side event, if it is one
   * @param dropped whether the packet died at this row
   */
  public record Moment(
      int row,
      PacketRole role,
      Optional<DeviceRef> packetAt,
      Optional<Step.Tunnel> wrapped,
      Optional<Side> side,
      boolean dropped) {
    public Moment {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(packetAt, "packetAt");
      Objects.requireNonNull(wrapped, "wrapped");
      Objects.requireNonNull(side, "side");
    }
  }

  /** {@return the timeline of a step list ({@link StepRows#of})} */
  public static PacketTimeline of(List<StepRow> rows) {
    List<Moment> out = new ArrayList<>(rows.size());
    PacketRole role = null;
    Optional<DeviceRef> at = Optional.empty();
    Optional<Step.Tunnel> wrapped = Optional.empty();
    for (int i = 0; i < rows.size(); i++) {
      StepRow r = rows.get(i);
      if (r.role() != role) {
        role = r.role();
        at = Optional.empty();
        wrapped = Optional.empty();
      }
      Step s = r.step();
      Optional<Side> side = Optional.empty();
      if (r.arp()) {
        Optional<DeviceRef> dev = r.device();
        if (dev.isPresent()) {
          side =
              Optional.of(
                  new Side(flooded(s) ? SideKind.FLOOD : SideKind.ARP, dev.get(), copies(s)));
        }
      } else {
        if (s instanceof Step.Encapsulated e) {
          wrapped = Optional.of(e.tunnel());
        } else if (s instanceof Step.Decapsulated) {
          wrapped = Optional.empty();
        }
        if (r.device().isPresent()) {
          at = r.device();
        }
        if (flooded(s)) {
          side = Optional.of(new Side(SideKind.FLOOD, r.device().orElseThrow(), copies(s)));
        }
      }
      out.add(new Moment(i, role, at, wrapped, side, r.drop()));
    }
    return new PacketTimeline(out);
  }

  /** {@return the picture at row {@code row}; empty outside the list} */
  public Optional<Moment> at(int row) {
    return row < 0 || row >= moments.size() ? Optional.empty() : Optional.of(moments.get(row));
  }

  private static boolean flooded(Step s) {
    return s instanceof Step.BridgeForwarded b
        && (b.decision() == Step.BridgeDecision.FLOOD_UNKNOWN
            || b.decision() == Step.BridgeDecision.FLOOD_BROADCAST);
  }

  private static List<DeviceRef> copies(Step s) {
    if (s instanceof Step.BridgeForwarded b && flooded(s)) {
      return b.outPorts().stream().map(p -> new DeviceRef(b.bridge().netns(), p)).toList();
    }
    return List.of();
  }
}
