package dev.podpath.gui.topology;

import dev.podpath.gui.layout.Callout;
import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.Point;
import dev.podpath.gui.layout.Rect;
import dev.podpath.gui.trace.PacketTimeline;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.PacketRole;
import java.util.Locale;
import java.util.Optional;
import javafx.animation.TranslateTransition;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * The moving packet on the graph: a marker that glides from device to device as playback moves
 * through the steps (a circle for the request, a square for what answers it, so shape tells them
 * apart as well as colour), drawn inside a dashed envelope labelled with the tunnel while it
 * travels wrapped; ARP exchanges as grey diamonds and flooded copies as hollow dashed rings at
 * their ports, apart from the packet.
 */
final class PacketMarker extends Group {

  private static final Font LABEL = Font.font("System", 10);
  static final Color TUNNEL = Color.web("#8e44ad");
  static final Color SIDE = Color.web("#6c7a89");

  private final Group packet = new Group();
  private final Group side = new Group();
  private final TranslateTransition move = new TranslateTransition(Duration.millis(280), packet);
  private Optional<Point> target = Optional.empty();
  private String shown = "";

  PacketMarker() {
    getChildren().addAll(side, packet);
    setMouseTransparent(true);
  }

  /** Shows {@code m} on {@code l}; nothing for a null moment or layout. */
  void show(Layout l, PacketTimeline.Moment m) {
    side.getChildren().clear();
    if (l == null || m == null) {
      packet.getChildren().clear();
      target = Optional.empty();
      shown = "";
      move.stop();
      return;
    }
    m.side().ifPresent(s -> drawSide(l, s));
    Optional<Point> p = m.packetAt().flatMap(d -> where(l, d));
    if (p.isEmpty()) {
      packet.getChildren().clear();
      target = Optional.empty();
      shown = "";
      return;
    }
    packet.getChildren().setAll(shape(m, l, m.packetAt().get(), p.get()));
    shown =
        (m.role() == PacketRole.REQUEST ? "request" : "reply")
            + m.wrapped().map(t -> " in " + t.name().toLowerCase(Locale.ROOT)).orElse("")
            + (m.dropped() ? " dropped" : "");
    Point to = p.get();
    boolean first = target.isEmpty();
    target = p;
    move.stop();
    if (first) {
      packet.setTranslateX(to.x());
      packet.setTranslateY(to.y());
    } else {
      move.setToX(to.x());
      move.setToY(to.y());
      move.playFromStart();
    }
  }

  /**
   * The packet drawn at the origin; wrapped, its envelope, and the tunnel's tag beside the box of
   * {@code at} in {@code l} ({@link Callout}: never over the rows).
   */
  private Node shape(PacketTimeline.Moment m, Layout l, DeviceRef device, Point at) {
    Color c = PathStyle.color(m.role());
    Shape inner =
        m.role() == PacketRole.REQUEST ? new Circle(0, 0, 8) : new Rectangle(-7.5, -7.5, 15, 15);
    inner.setFill(m.dropped() ? PathStyle.DROP : c);
    inner.setStroke(Color.WHITE);
    inner.setStrokeWidth(2);
    if (m.wrapped().isEmpty()) {
      return inner;
    }
    Rectangle outer = new Rectangle(-20, -15, 40, 30);
    outer.setArcWidth(8);
    outer.setArcHeight(8);
    outer.setFill(Color.color(0.56, 0.27, 0.68, 0.18));
    outer.setStroke(TUNNEL);
    outer.setStrokeWidth(2);
    outer.getStrokeDashArray().setAll(5.0, 3.0);
    Text t = new Text(m.wrapped().get().name() + " outer");
    t.setFont(LABEL);
    t.setFill(Color.WHITE);
    double w = t.getLayoutBounds().getWidth() + 6;
    double h = t.getLayoutBounds().getHeight() + 2;
    Rect place = Callout.beside(l, device, at, w, h);
    // in the packet's own coordinates: the tag moves with it
    double x = place.x() - at.x();
    double y = place.y() - at.y();
    t.setX(x + 3);
    t.setY(y + h - 4);
    Rectangle tag = new Rectangle(x, y, w, h);
    tag.setFill(TUNNEL);
    tag.setArcWidth(4);
    tag.setArcHeight(4);
    // at the row's height, in the envelope's colour: no leader line, which would strike the row
    return new Group(outer, inner, tag, t);
  }

  private void drawSide(Layout l, PacketTimeline.Side s) {
    Optional<Point> at = where(l, s.at());
    if (s.kind() == PacketTimeline.SideKind.ARP) {
      at.ifPresent(
          q -> {
            // beside the device, not under the packet waiting there
            Point p = new Point(q.x() + 16, q.y() - 16);
            Rectangle d = new Rectangle(p.x() - 6, p.y() - 6, 12, 12);
            d.setRotate(45);
            d.setFill(SIDE);
            d.setStroke(Color.WHITE);
            side.getChildren().addAll(d, label("ARP", p));
          });
    }
    for (DeviceRef copy : s.copies()) {
      where(l, copy)
          .ifPresent(
              p -> {
                Circle c = new Circle(p.x(), p.y(), 9);
                c.setFill(null);
                c.setStroke(SIDE);
                c.setStrokeWidth(2);
                c.getStrokeDashArray().setAll(3.0, 3.0);
                side.getChildren().addAll(c, label("copy", p));
              });
    }
  }

  private static Text label(String s, Point p) {
    Text t = new Text(p.x() + 9, p.y() + 16, s);
    t.setFont(LABEL);
    t.setFill(SIDE.darker());
    return t;
  }

  /** A device's place: its anchor, else the middle of its namespace's box or segment bar. */
  static Optional<Point> where(Layout l, DeviceRef d) {
    Optional<Point> a = l.anchor(d);
    if (a.isPresent()) {
      return a;
    }
    Optional<Rect> r =
        l.box(d.netns())
            .map(Layout.NetnsBox::rect)
            .or(
                () ->
                    l.bars().stream()
                        .filter(b -> b.bridge().netns().equals(d.netns()))
                        .map(Layout.Bar::rect)
                        .findFirst());
    return r.map(x -> new Point(x.x() + x.w() / 2, x.y() + x.h() / 2));
  }

  /** Ends a glide at once: the marker at its target (a picture taken now shows it there). */
  void settle() {
    move.stop();
    target.ifPresent(
        p -> {
          packet.setTranslateX(p.x());
          packet.setTranslateY(p.y());
        });
  }

  /** Where the packet is (or is gliding to); empty when none is drawn. */
  Optional<Point> target() {
    return target;
  }

  /** What the marker shows ("request", "reply in vxlan", "request dropped"); empty for none. */
  String shown() {
    return shown;
  }

  /** How many side marks (ARP diamonds, flood copies) are drawn. */
  int sideMarks() {
    return (int) side.getChildren().stream().filter(n -> !(n instanceof Text)).count();
  }
}
