package dev.podpath.gui.layout;

import dev.podpath.model.topo.DeviceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a small label about something drawn at a device goes (the moving packet's "VXLAN outer"
 * tag): never over a namespace's rows, where it would hide the text a reader is following. Beside
 * the device's box at the device's height (right, else left), else above the box, else above the
 * point; the first place that overlaps no box, fold or outside mark.
 */
public final class Callout {

  /** The gap between the box and the label. */
  static final double GAP = 6;

  private Callout() {}

  /**
   * {@return where a label of size {@code w} x {@code h} about device {@code d}, drawn at {@code
   * at}, goes in {@code l}}
   */
  public static Rect beside(Layout l, DeviceRef d, Point at, double w, double h) {
    Optional<Rect> box =
        l.box(d.netns())
            .map(Layout.NetnsBox::rect)
            .or(() -> l.foldOf(d.netns()).map(Layout.Fold::rect));
    List<Rect> places = new ArrayList<>();
    if (box.isPresent()) {
      Rect b = box.get();
      double y = Math.min(Math.max(at.y() - h / 2, b.y()), b.maxY() - h);
      places.add(new Rect(b.maxX() + GAP, y, w, h));
      places.add(new Rect(b.x() - GAP - w, y, w, h));
      places.add(new Rect(at.x() - w / 2, b.y() - GAP - h, w, h));
    }
    Rect above = new Rect(at.x() - w / 2, at.y() - 16 - GAP - h, w, h);
    places.add(above);
    for (Rect p : places) {
      if (free(l, p)) {
        return p;
      }
    }
    return places.get(0);
  }

  private static boolean free(Layout l, Rect r) {
    return l.boxes().stream().noneMatch(b -> b.rect().overlaps(r))
        && l.folds().stream().noneMatch(f -> f.rect().overlaps(r))
        && l.outside().stream().noneMatch(m -> m.rect().overlaps(r));
  }
}
