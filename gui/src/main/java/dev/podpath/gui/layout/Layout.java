package dev.podpath.gui.layout;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.EdgeKind;
import dev.podpath.trace.graph.TopoVertex;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where everything of a topology is drawn: computed by {@link TopologyLayout} without JavaFX, drawn
 * by the topology view.
 *
 * @param groups a frame around each node that has pods, and its pods
 * @param folds one box per node whose pods are folded, in their place ({@link Folding})
 * @param boxes one box per namespace that is not a segment
 * @param bars one bar per L2 segment (a bridge of a segment namespace)
 * @param ports devices drawn on a box's border, where their wire leaves
 * @param wires the lines between devices (veth pairs, L2 segments, tunnels, the edge of a snapshot)
 * @param outside what lies beyond the model
 * @param anchors where each drawn device is, for the path of a trace
 */
public record Layout(
    List<Group> groups,
    List<Fold> folds,
    List<NetnsBox> boxes,
    List<Bar> bars,
    List<Port> ports,
    List<Wire> wires,
    List<OutsideMark> outside,
    Map<DeviceRef, Point> anchors,
    double width,
    double height) {

  public Layout {
    groups = List.copyOf(groups);
    folds = List.copyOf(folds);
    boxes = List.copyOf(boxes);
    bars = List.copyOf(bars);
    ports = List.copyOf(ports);
    wires = List.copyOf(wires);
    outside = List.copyOf(outside);
    anchors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(anchors));
  }

  /** What kind of namespace a box stands for. */
  public enum BoxKind {
    NODE,
    POD,
    NAMESPACE
  }

  /**
   * The frame around a node and its pods.
   *
   * @param folded whether its pods are folded into one {@link Fold}
   */
  public record Group(NetnsName node, Rect rect, boolean folded) {}

  /**
   * A node's pods folded into one box: their veths drawn as one wire, their devices anchored on it.
   *
   * @param node the node whose pods these are
   * @param pods the pods folded, in the graph's order
   */
  public record Fold(NetnsName node, List<NetnsName> pods, Rect rect) {
    public Fold {
      pods = List.copyOf(pods);
    }

    /** The words in the box: how many pods, and the first and last name. */
    public String text() {
      String count = pods.size() + (pods.size() == 1 ? " pod" : " pods") + " folded";
      if (pods.isEmpty()) {
        return count;
      }
      String names =
          pods.size() == 1
              ? pods.get(0).value()
              : pods.get(0).value() + " ... " + pods.get(pods.size() - 1).value();
      return count + "\n" + names;
    }
  }

  /** The fold that holds {@code pod}, if its node's pods are folded. */
  public Optional<Fold> foldOf(NetnsName pod) {
    return folds.stream().filter(f -> f.pods().contains(pod)).findFirst();
  }

  /**
   * A namespace's box.
   *
   * @param rows one line per device shown inside (its name, kind and addresses)
   */
  public record NetnsBox(NetnsName netns, BoxKind kind, Rect rect, List<Row> rows) {
    public NetnsBox {
      rows = List.copyOf(rows);
    }
  }

  /** A device's line inside its namespace's box. */
  public record Row(DeviceRef device, String text, Rect rect) {}

  /** An L2 segment, drawn as a bar the nodes hang from. */
  public record Bar(DeviceRef bridge, String label, Rect rect) {}

  /**
   * A device on the border of its box, where its wire leaves.
   *
   * @param labelAt where its label's text starts (the left end of its baseline): beside the port,
   *     or, for a node whose pods wrap into rows, under the pod its wire comes from (where no other
   *     wire passes)
   */
  public record Port(DeviceRef device, String label, Point at, Point labelAt) {}

  /**
   * A line between two drawn things. A tunnel's is a curve of three points (start, control, end),
   * or, when a curve would cross a box (its ends in different rows of nodes, or boxes between them
   * in one row), a route of straight segments around them: out of its end's frame to the channel
   * beside it, along the street under the row, down the gutter right of every row, and back in.
   *
   * @param labelAt where its label's text starts (for a tunnel: the one of its kind the view
   *     writes)
   */
  public record Wire(
      EdgeKind kind, DeviceRef from, String label, List<Point> points, Point labelAt) {
    public Wire {
      points = List.copyOf(points);
    }

    /** A wire whose label, if any, goes by the middle of its first and last points. */
    public Wire(EdgeKind kind, DeviceRef from, String label, List<Point> points) {
      this(kind, from, label, points, middle(points));
    }

    /** Whether it is drawn as a curve through its three points (else as straight segments). */
    public boolean curved() {
      return kind == EdgeKind.TUNNEL && points.size() == 3;
    }

    private static Point middle(List<Point> p) {
      Point a = p.get(0);
      Point b = p.get(p.size() - 1);
      return new Point((a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
    }
  }

  /** What is behind a device and not in the model, with the words that say what. */
  public record OutsideMark(TopoVertex.Outside vertex, String label, Rect rect) {}

  /** The box of {@code netns}, if it has one (segments have bars instead). */
  public Optional<NetnsBox> box(NetnsName netns) {
    return boxes.stream().filter(b -> b.netns().equals(netns)).findFirst();
  }

  /**
   * The corners a trace's path turns at between two of its points drawn one after the other: none,
   * but those of a veth routed round boxes, and between two pieces of one segment's bar (its nodes
   * wrap into rows), the riser that joins them, left of every row, so that the path runs along the
   * segment and over no row between.
   */
  public List<Point> between(Point a, Point b) {
    for (Wire w : wires) {
      // a veth routed round the boxes between its ends: its corners
      List<Point> p = w.points();
      if (w.kind() == EdgeKind.VETH && p.size() > 2) {
        if (p.get(0).equals(a) && p.get(p.size() - 1).equals(b)) {
          return List.copyOf(p.subList(1, p.size() - 1));
        }
        if (p.get(0).equals(b) && p.get(p.size() - 1).equals(a)) {
          List<Point> back = new java.util.ArrayList<>(p.subList(1, p.size() - 1));
          java.util.Collections.reverse(back);
          return List.copyOf(back);
        }
      }
    }
    Optional<Bar> pa = pieceAt(a);
    Optional<Bar> pb = pieceAt(b);
    if (pa.isEmpty()
        || pb.isEmpty()
        || pa.get().rect().y() == pb.get().rect().y()
        || !pa.get().bridge().equals(pb.get().bridge())) {
      return List.of();
    }
    DeviceRef bridge = pa.get().bridge();
    for (Wire w : wires) {
      List<Point> p = w.points();
      if (w.kind() == EdgeKind.L2_SEGMENT
          && w.from().equals(bridge)
          && p.size() == 2
          && p.get(0).x() == p.get(1).x()) {
        double x = p.get(0).x();
        return List.of(new Point(x, a.y()), new Point(x, b.y()));
      }
    }
    return List.of();
  }

  private Optional<Bar> pieceAt(Point p) {
    return bars.stream()
        .filter(
            b ->
                Math.abs(b.rect().centerY() - p.y()) < 0.01
                    && p.x() >= b.rect().x() - 0.01
                    && p.x() <= b.rect().maxX() + 0.01)
        .findFirst();
  }

  /** Where the device is drawn, if it is. */
  public Optional<Point> anchor(DeviceRef device) {
    return Optional.ofNullable(anchors.get(device));
  }
}
