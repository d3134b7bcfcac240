package dev.podpath.gui.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.EdgeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes a layout readable, checked on its geometry: no two boxes overlap, no wire runs over a
 * box it does not end in, no label over a box or a wire, a node's pods in rows of at most {@link
 * TopologyLayout#PODS_PER_ROW}.
 */
final class LayoutChecks {

  private LayoutChecks() {}

  /** Everything solid: namespace boxes, folds, what lies outside the model. */
  static List<Named> solids(Layout l) {
    List<Named> out = new ArrayList<>();
    l.boxes().forEach(b -> out.add(new Named(b.netns().value(), b.rect())));
    l.folds().forEach(f -> out.add(new Named("fold of " + f.node(), f.rect())));
    l.outside().forEach(m -> out.add(new Named("mark " + m.label(), m.rect())));
    return out;
  }

  record Named(String name, Rect rect) {}

  static void noOverlap(Layout l) {
    List<Named> all = solids(l);
    all.sort(java.util.Comparator.comparingDouble(n -> n.rect().x()));
    for (int i = 0; i < all.size(); i++) {
      Rect a = all.get(i).rect();
      for (int j = i + 1; j < all.size() && all.get(j).rect().x() < a.maxX(); j++) {
        assertThat(a.overlaps(all.get(j).rect()))
            .as("%s overlaps %s", all.get(i).name(), all.get(j).name())
            .isFalse();
      }
    }
    List<Layout.Group> groups = l.groups();
    for (int i = 0; i < groups.size(); i++) {
      for (int j = i + 1; j < groups.size(); j++) {
        assertThat(groups.get(i).rect().overlaps(groups.get(j).rect()))
            .as("the frames of %s and %s", groups.get(i).node(), groups.get(j).node())
            .isFalse();
      }
    }
  }

  /** The points a wire is drawn through, every 2 units: its segments, or its curve's. */
  static List<Point> trail(Layout.Wire w) {
    List<Point> p = w.points();
    List<Point> out = new ArrayList<>();
    if (w.kind() == EdgeKind.TUNNEL && p.size() == 3) {
      double len = dist(p.get(0), p.get(1)) + dist(p.get(1), p.get(2));
      int n = Math.max(2, (int) (len / 2));
      for (int i = 0; i <= n; i++) {
        double t = (double) i / n;
        double u = 1 - t;
        out.add(
            new Point(
                u * u * p.get(0).x() + 2 * u * t * p.get(1).x() + t * t * p.get(2).x(),
                u * u * p.get(0).y() + 2 * u * t * p.get(1).y() + t * t * p.get(2).y()));
      }
      return out;
    }
    for (int s = 0; s + 1 < p.size(); s++) {
      Point a = p.get(s);
      Point b = p.get(s + 1);
      int n = Math.max(1, (int) (dist(a, b) / 2));
      for (int i = 0; i <= n; i++) {
        double t = (double) i / n;
        out.add(new Point(a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y())));
      }
    }
    return out;
  }

  private static double dist(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }

  static boolean inside(Rect r, Point p) {
    return p.x() > r.x() + 0.5
        && p.x() < r.maxX() - 0.5
        && p.y() > r.y() + 0.5
        && p.y() < r.maxY() - 0.5;
  }

  /**
   * Every wire but the tunnels runs over no box, fold or mark, but in the one it leaves or the one
   * it reaches (a wire may end on a row inside its box).
   */
  static void wiresCrossNoBox(Layout l) {
    List<Named> all = solids(l);
    for (Layout.Wire w : l.wires()) {
      if (w.kind() == EdgeKind.TUNNEL) {
        continue;
      }
      crossesNone(w, all);
    }
  }

  /** Every tunnel runs over no box but its two ends', and its label over no box. */
  static void tunnelsCrossNoBox(Layout l) {
    List<Named> all = solids(l);
    for (Layout.Wire w : l.wires()) {
      if (w.kind() == EdgeKind.TUNNEL) {
        crossesNone(w, all);
      }
    }
  }

  private static void crossesNone(Layout.Wire w, List<Named> all) {
    List<Point> trail = trail(w);
    Point first = trail.get(0);
    Point last = trail.get(trail.size() - 1);
    for (Named n : all) {
      if (inside(n.rect(), first) || inside(n.rect(), last)) {
        continue; // its own ends' boxes
      }
      for (Point p : trail) {
        assertThat(inside(n.rect(), p))
            .as("the %s wire from %s runs over %s at %s", w.kind(), w.from(), n.name(), p)
            .isFalse();
      }
    }
  }

  /** The label the view writes on a tunnel (the first of each kind): over no box. */
  static void tunnelLabelsClear(Layout l) {
    List<Named> all = solids(l);
    java.util.Set<String> kinds = new java.util.HashSet<>();
    for (Layout.Wire w : l.wires()) {
      if (w.kind() != EdgeKind.TUNNEL) {
        continue;
      }
      String kind = w.label().replaceAll(" to \\S+$", "");
      if (!kinds.add(kind)) {
        continue;
      }
      Rect r =
          new Rect(
              w.labelAt().x(),
              w.labelAt().y() - 9,
              ("tunnel: " + kind).length() * TopologyLayout.LABEL_CHAR_W,
              11);
      for (Named n : all) {
        assertThat(n.rect().overlaps(r))
            .as("the label of the tunnel from %s over %s", w.from(), n.name())
            .isFalse();
      }
    }
  }

  /** A port's label: over no box, crossed by no wire. */
  static void labelsClear(Layout l) {
    List<Named> all = solids(l);
    List<List<Point>> trails = new ArrayList<>();
    for (Layout.Wire w : l.wires()) {
      if (w.kind() != EdgeKind.TUNNEL) {
        trails.add(trail(w));
      }
    }
    for (Layout.Port p : l.ports()) {
      if (p.label().isEmpty()) {
        continue;
      }
      Rect r =
          new Rect(
              p.labelAt().x(),
              p.labelAt().y() - 9,
              p.label().length() * TopologyLayout.LABEL_CHAR_W,
              11);
      for (Named n : all) {
        assertThat(n.rect().overlaps(r)).as("%s's label over %s", p.device(), n.name()).isFalse();
      }
      for (List<Point> t : trails) {
        assertThat(t.stream().noneMatch(x -> inside(r, x)))
            .as("%s's label crossed by a wire", p.device())
            .isTrue();
      }
    }
  }

  /**
   * In each node's frame, no more than {@link TopologyLayout#PODS_PER_ROW} pods side by side.
   *
   * @return the most rows of pods a node has
   */
  static int podRows(Layout l, Map<NetnsName, List<NetnsName>> podsOf) {
    int most = 0;
    for (Map.Entry<NetnsName, List<NetnsName>> e : podsOf.entrySet()) {
      Map<Double, Integer> perRow = new TreeMap<>();
      for (NetnsName pod : e.getValue()) {
        l.box(pod).ifPresent(b -> perRow.merge(b.rect().maxY(), 1, Integer::sum));
      }
      assertThat(perRow.values())
          .as("pods side by side in %s", e.getKey())
          .allMatch(c -> c <= TopologyLayout.PODS_PER_ROW);
      most = Math.max(most, perRow.size());
    }
    return most;
  }
}
