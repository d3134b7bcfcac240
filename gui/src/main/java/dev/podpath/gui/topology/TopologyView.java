package dev.podpath.gui.topology;

import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.Point;
import dev.podpath.gui.layout.Rect;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.EdgeKind;
import dev.podpath.trace.graph.TracePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.QuadCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * Draws the {@link Layout} of the {@link TopologyViewModel}: boxes, ports, wires, segments, the
 * path of the last trace and the device in focus; zoom with the wheel, pan by dragging, {@link
 * #fit()}. Draws only: what to draw comes from the view model.
 */
public final class TopologyView extends Pane {

  /** Key of a shape's properties: the namespace it stands for (boxes and segment bars). */
  public static final String NETNS = "podpath.netns";

  /** Key of a shape's properties: the node whose frame it is (a node with pods). */
  public static final String GROUP = "podpath.group";

  /** Key of a shape's properties: the node whose folded pods it stands for (a fold's box). */
  public static final String FOLD = "podpath.fold";

  /** Key of a shape's properties: its place in the drawn path, as "leg:order". */
  public static final String ON_PATH = "podpath.onPath";

  private static final Font TITLE = Font.font("System", FontWeight.BOLD, 12);
  private static final Font ROW = Font.font("Monospaced", 11);
  private static final Font SMALL = Font.font("System", 10);

  private final TopologyViewModel vm;
  private final Group content = new Group();
  private final Group base = new Group();
  private final Group pathLayer = new Group();
  private final Group focusLayer = new Group();
  private final Group culpritLayer = new Group();
  private final PacketMarker marker = new PacketMarker();
  private final Scale scale = new Scale(1, 1);
  private final Translate translate = new Translate(0, 0);
  private final Map<NetnsName, Shape> netnsShapes = new LinkedHashMap<>();
  private final Map<NetnsName, Paint> netnsStrokes = new LinkedHashMap<>();
  private final java.util.Set<String> tunnelLabels = new java.util.HashSet<>();
  private GraphPalette pal = GraphPalette.LIGHT;
  private double dragX;
  private double dragY;

  private record Paint(javafx.scene.paint.Paint stroke, double width) {}

  public TopologyView(TopologyViewModel vm) {
    this.vm = vm;
    getStyleClass().add("topology-view");
    background();
    Rectangle clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);
    content.getChildren().addAll(base, culpritLayer, pathLayer, focusLayer, marker);
    content.getTransforms().addAll(translate, scale);
    getChildren().add(content);
    vm.layoutProperty().addListener((o, a, l) -> draw(l));
    vm.pathProperty().addListener((o, a, p) -> drawPath(p));
    vm.selectedProperty().addListener((o, a, n) -> restyle());
    vm.focusedDeviceProperty().addListener((o, a, d) -> drawFocus(d));
    vm.packetProperty().addListener((o, a, m) -> marker.show(vm.layoutProperty().get(), m));
    vm.matches().addListener((javafx.collections.ListChangeListener<NetnsName>) c -> restyle());
    vm.culprits()
        .addListener((javafx.collections.ListChangeListener<NetnsName>) c -> drawCulprits());
    setOnScroll(
        e -> {
          double factor = e.getDeltaY() > 0 ? 1.1 : 1 / 1.1;
          zoomAt(factor, e.getX(), e.getY());
          e.consume();
        });
    setOnMousePressed(
        e -> {
          dragX = e.getX() - translate.getX();
          dragY = e.getY() - translate.getY();
        });
    setOnMouseDragged(
        e -> {
          if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
            translate.setX(e.getX() - dragX);
            translate.setY(e.getY() - dragY);
          }
        });
    // Enter or Space folds or unfolds the selected namespace's node's pods
    setFocusTraversable(true);
    setOnKeyPressed(
        e -> {
          if (e.getCode() == javafx.scene.input.KeyCode.ENTER
              || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
            if (vm.toggleFold(vm.selectedProperty().get())) {
              e.consume();
            }
          }
        });
    widthProperty().addListener((o, a, b) -> fitIfFresh());
    heightProperty().addListener((o, a, b) -> fitIfFresh());
  }

  private boolean fresh = true;

  private void fitIfFresh() {
    if (fresh) {
      fit();
    }
  }

  /** Zooms by {@code factor} keeping the point under ({@code x}, {@code y}) in place. */
  public void zoomAt(double factor, double x, double y) {
    double s = clamp(scale.getX() * factor);
    double k = s / scale.getX();
    translate.setX(x - (x - translate.getX()) * k);
    translate.setY(y - (y - translate.getY()) * k);
    scale.setX(s);
    scale.setY(s);
    fresh = false;
  }

  /** Zooms in or out around the middle of the view. */
  public void zoom(double factor) {
    zoomAt(factor, getWidth() / 2, getHeight() / 2);
  }

  /** Shows the whole drawing. */
  public void fit() {
    Layout l = vm.layoutProperty().get();
    if (l == null || getWidth() <= 0 || getHeight() <= 0) {
      return;
    }
    double s = clamp(Math.min(getWidth() / l.width(), getHeight() / l.height()));
    scale.setX(s);
    scale.setY(s);
    translate.setX((getWidth() - l.width() * s) / 2);
    translate.setY(Math.max(0, (getHeight() - l.height() * s) / 2));
    fresh = true;
  }

  /** Brings the box of {@code n} to the middle of the view, at a readable zoom. */
  public void centerOn(NetnsName n) {
    Layout l = vm.layoutProperty().get();
    if (l == null) {
      return;
    }
    Optional<Rect> r = l.box(n).map(Layout.NetnsBox::rect);
    if (r.isEmpty()) {
      return;
    }
    double s = Math.max(scale.getX(), 0.8);
    scale.setX(s);
    scale.setY(s);
    translate.setX(getWidth() / 2 - r.get().centerX() * s);
    translate.setY(getHeight() / 2 - r.get().centerY() * s);
    fresh = false;
  }

  private static double clamp(double s) {
    return Math.max(0.05, Math.min(4, s));
  }

  /** The current zoom factor. */
  public double zoomFactor() {
    return scale.getX();
  }

  // ---------- the drawing ----------

  /** Draws in {@code p}'s colours from now on (the View menu's theme). */
  public void setPalette(GraphPalette p) {
    pal = java.util.Objects.requireNonNull(p, "palette");
    background();
    draw(vm.layoutProperty().get());
  }

  private void background() {
    setBackground(
        new javafx.scene.layout.Background(
            new javafx.scene.layout.BackgroundFill(pal.background(), null, null)));
  }

  private Object drawnNetwork;

  private void draw(Layout l) {
    // a fold or unfold redraws the same network where it is; a new network is fitted
    Object network = vm.networkProperty().get();
    boolean refold = network != null && network == drawnNetwork;
    drawnNetwork = network;
    base.getChildren().clear();
    pathLayer.getChildren().clear();
    focusLayer.getChildren().clear();
    netnsShapes.clear();
    netnsStrokes.clear();
    tunnelLabels.clear();
    if (l == null) {
      return;
    }
    for (Layout.Group g : l.groups()) {
      Rectangle r = rect(g.rect(), pal.groupFill(), pal.groupStroke(), 1);
      r.getStrokeDashArray().setAll(6.0, 4.0);
      r.setArcWidth(18);
      r.setArcHeight(18);
      r.getProperties().put(GROUP, g.node());
      if (!g.folded()) {
        r.setOnMouseClicked(
            e -> {
              if (e.getClickCount() == 1 && vm.toggleFold(g.node())) {
                e.consume();
              }
            });
        Tooltip.install(
            r,
            new Tooltip(
                g.node()
                    + ": click the frame (or select it and press Enter) to fold"
                    + " its pods"));
      }
      base.getChildren().add(r);
    }
    for (Layout.Wire w : l.wires()) {
      base.getChildren().add(wire(w));
    }
    for (Layout.Bar b : l.bars()) {
      Rectangle r = rect(b.rect(), pal.barFill(), pal.barStroke(), 1);
      r.setArcWidth(6);
      r.setArcHeight(6);
      r.getProperties().put(NETNS, b.bridge().netns());
      netnsShapes.putIfAbsent(b.bridge().netns(), r);
      Text t = text(b.label() + "  (L2 segment)", SMALL, b.rect().x(), b.rect().maxY() + 12);
      t.setFill(pal.barText());
      r.setOnMouseClicked(e -> vm.selectedProperty().set(b.bridge().netns()));
      Tooltip.install(
          r, new Tooltip(b.label() + ": an L2 segment (a bridge in its own namespace)"));
      base.getChildren().addAll(r, t);
    }
    for (Layout.NetnsBox b : l.boxes()) {
      drawBox(b);
    }
    for (Layout.Fold f : l.folds()) {
      drawFold(f);
    }
    for (Layout.Port p : l.ports()) {
      Rectangle r = new Rectangle(p.at().x() - 4, p.at().y() - 4, 8, 8);
      r.setFill(pal.port());
      base.getChildren().add(r);
      if (!p.label().isEmpty()) {
        Text t = text(p.label(), SMALL, p.labelAt().x(), p.labelAt().y());
        t.setFill(pal.portText());
        base.getChildren().add(t);
      }
      Tooltip.install(r, new Tooltip(p.device().toString()));
    }
    for (Layout.OutsideMark m : l.outside()) {
      Rectangle r = rect(m.rect(), pal.outsideFill(), pal.outsideStroke(), 1);
      r.getStrokeDashArray().setAll(4.0, 3.0);
      Text t = text("not in the model: " + m.label(), SMALL, m.rect().x() + 6, m.rect().y() + 14);
      t.setWrappingWidth(m.rect().w() - 12);
      t.setFill(pal.outsideText());
      Tooltip tip = new Tooltip(m.vertex().what());
      tip.setWrapText(true);
      tip.setMaxWidth(480);
      Tooltip.install(r, tip);
      base.getChildren().addAll(r, t);
    }
    restyle();
    drawPath(vm.pathProperty().get());
    drawCulprits();
    marker.show(l, vm.packetProperty().get());
    if (!refold) {
      fit();
    }
  }

  /**
   * A node's folded pods: one box, dashed as the frame, saying how many and which; a click unfolds
   * it. Each folded pod's name points at it, so a selection, a search or a path through one of them
   * marks the box.
   */
  private void drawFold(Layout.Fold f) {
    Rectangle r = rect(f.rect(), pal.podFill(), pal.podStroke(), 1.2);
    r.getStrokeDashArray().setAll(8.0, 4.0);
    r.setArcWidth(10);
    r.setArcHeight(10);
    r.getProperties().put(FOLD, f.node());
    r.setOnMouseClicked(
        e -> {
          vm.toggleFold(f.node());
          e.consume();
        });
    Tooltip.install(
        r,
        new Tooltip(
            f.node() + ": " + f.pods().size() + " pods folded; click (or Enter) to unfold"));
    for (NetnsName p : f.pods()) {
      netnsShapes.put(p, r);
      netnsStrokes.put(p, new Paint(pal.podStroke(), r.getStrokeWidth()));
    }
    String[] lines = f.text().split("\n", 2);
    Text t = text("\u25b8 " + lines[0], TITLE, f.rect().x() + 7, f.rect().y() + 15);
    t.setFill(pal.title());
    t.setMouseTransparent(true);
    base.getChildren().addAll(r, t);
    if (lines.length > 1) {
      Text names = text(lines[1], ROW, f.rect().x() + 7, f.rect().y() + 15 + ROW_H_PX);
      names.setFill(pal.rowText());
      names.setMouseTransparent(true);
      base.getChildren().add(names);
    }
  }

  private static final double ROW_H_PX = 15;

  /** The nodes whose folded pods are drawn as one box, in the layout's order (for tests). */
  public List<NetnsName> drawnFolds() {
    return base.getChildren().stream()
        .map(x -> x.getProperties().get(FOLD))
        .filter(NetnsName.class::isInstance)
        .map(NetnsName.class::cast)
        .toList();
  }

  /** How many shapes the graph is drawn with now (for the large-snapshot check). */
  public int drawnShapes() {
    return base.getChildren().size();
  }

  private void drawBox(Layout.NetnsBox b) {
    Color fill;
    Color stroke;
    switch (b.kind()) {
      case NODE -> {
        fill = pal.nodeFill();
        stroke = pal.nodeStroke();
      }
      case POD -> {
        fill = pal.podFill();
        stroke = pal.podStroke();
      }
      case NAMESPACE -> {
        fill = pal.netnsFill();
        stroke = pal.netnsStroke();
      }
      default -> throw new AssertionError(b.kind());
    }
    Rectangle r = rect(b.rect(), fill, stroke, b.kind() == Layout.BoxKind.NODE ? 1.6 : 1.2);
    r.setArcWidth(10);
    r.setArcHeight(10);
    r.getProperties().put(NETNS, b.netns());
    r.setOnMouseClicked(e -> vm.selectedProperty().set(b.netns()));
    netnsShapes.put(b.netns(), r);
    netnsStrokes.put(b.netns(), new Paint(stroke, r.getStrokeWidth()));
    base.getChildren().add(r);
    String title = b.netns().value() + (b.kind() == Layout.BoxKind.NODE ? "  (node)" : "");
    Text t = text(title, TITLE, b.rect().x() + 7, b.rect().y() + 15);
    t.setFill(pal.title());
    t.setMouseTransparent(true);
    base.getChildren().add(t);
    for (Layout.Row row : b.rows()) {
      Text rt = text(row.text(), ROW, row.rect().x(), row.rect().y() + 11);
      rt.setFill(pal.rowText());
      rt.setMouseTransparent(true);
      base.getChildren().add(rt);
    }
  }

  private Node wire(Layout.Wire w) {
    List<Point> p = w.points();
    if (w.kind() == EdgeKind.TUNNEL) {
      Shape c;
      if (w.curved()) {
        c =
            new QuadCurve(
                p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y(), p.get(2).x(), p.get(2).y());
      } else {
        Polyline route = new Polyline();
        for (Point q : p) {
          route.getPoints().addAll(q.x(), q.y());
        }
        c = route;
      }
      c.setFill(null);
      c.setStroke(pal.tunnel());
      c.setStrokeWidth(2);
      c.getStrokeDashArray().setAll(9.0, 6.0);
      Tooltip.install(c, new Tooltip("tunnel " + w.from() + ": " + w.label()));
      String kind = w.label().replaceAll(" to \\S+$", "");
      if (!tunnelLabels.add(kind)) {
        return c;
      }
      Text t = text("tunnel: " + kind, SMALL, w.labelAt().x(), w.labelAt().y());
      t.setFill(pal.tunnel());
      return new Group(c, t);
    }
    // a wire routed around the boxes between its ends: straight segments through its corners
    Polyline line = new Polyline();
    for (Point q : p) {
      line.getPoints().addAll(q.x(), q.y());
    }
    line.setFill(null);
    switch (w.kind()) {
      case VETH -> {
        line.setStroke(pal.veth());
        line.setStrokeWidth(1.5);
      }
      case L2_SEGMENT -> {
        line.setStroke(pal.segment());
        line.setStrokeWidth(2);
      }
      default -> {
        line.setStroke(pal.otherWire());
        line.getStrokeDashArray().setAll(3.0, 3.0);
      }
    }
    return line;
  }

  private static Rectangle rect(Rect r, Color fill, Color stroke, double width) {
    Rectangle x = new Rectangle(r.x(), r.y(), r.w(), r.h());
    x.setFill(fill);
    x.setStroke(stroke);
    x.setStrokeWidth(width);
    return x;
  }

  private static Text text(String s, Font f, double x, double y) {
    Text t = new Text(x, y, s);
    t.setFont(f);
    return t;
  }

  // ---------- selection, search, path, focus ----------

  private void restyle() {
    for (Map.Entry<NetnsName, Shape> e : netnsShapes.entrySet()) {
      Shape s = e.getValue();
      Paint p = netnsStrokes.get(e.getKey());
      if (p != null) {
        s.setStroke(p.stroke());
        s.setStrokeWidth(p.width());
      }
      s.setEffect(null);
    }
    for (NetnsName n : vm.matches()) {
      Shape s = netnsShapes.get(n);
      if (s != null) {
        s.setEffect(new javafx.scene.effect.DropShadow(12, PathStyle.FOCUS));
      }
    }
    NetnsName sel = vm.selectedProperty().get();
    if (sel != null && netnsShapes.containsKey(sel)) {
      Shape s = netnsShapes.get(sel);
      s.setStroke(PathStyle.SELECTED);
      s.setStrokeWidth(3);
    }
    markPathShapes(vm.pathProperty().get());
  }

  private void drawPath(TracePath path) {
    pathLayer.getChildren().clear();
    for (Shape s : netnsShapes.values()) {
      s.getProperties().remove(ON_PATH);
    }
    restyle();
    Layout l = vm.layoutProperty().get();
    if (path == null || l == null) {
      return;
    }
    int legIndex = 0;
    for (TracePath.Leg leg : path.legs()) {
      double offset = legIndex * 5;
      List<Double> pts = new ArrayList<>();
      Point last = null;
      for (DeviceRef d : leg.devices()) {
        Optional<Point> p = l.anchor(d);
        if (p.isEmpty() || p.get().equals(last)) {
          continue;
        }
        if (last != null) {
          for (Point corner : l.between(last, p.get())) {
            pts.add(corner.x() + offset);
            pts.add(corner.y() + offset);
          }
        }
        last = p.get();
        pts.add(p.get().x() + offset);
        pts.add(p.get().y() + offset);
      }
      Polyline line = new Polyline();
      line.getPoints().setAll(pts);
      line.setStroke(PathStyle.color(leg.role()));
      line.setStrokeWidth(4);
      line.setOpacity(0.85);
      line.setMouseTransparent(true);
      if (PathStyle.dashed(leg.role())) {
        line.getStrokeDashArray().setAll(12.0, 7.0);
      }
      pathLayer.getChildren().add(line);
      if (!leg.delivered() && last != null) {
        Node mark = dropMark(last.x() + offset, last.y() + offset);
        leg.endedIn().ifPresent(n -> mark.getProperties().put(NETNS, n));
        pathLayer.getChildren().add(mark);
      }
      legIndex++;
    }
  }

  /** Marks the boxes and bars of every hop, in the order of the hops. */
  private void markPathShapes(TracePath path) {
    if (path == null) {
      return;
    }
    int legIndex = 0;
    for (TracePath.Leg leg : path.legs()) {
      int order = 0;
      for (NetnsName hop : leg.hops()) {
        Shape s = netnsShapes.get(hop);
        if (s != null) {
          if (legIndex == 0 || !s.getProperties().containsKey(ON_PATH)) {
            s.setStroke(PathStyle.color(leg.role()));
            s.setStrokeWidth(3);
          }
          @SuppressWarnings("unchecked")
          List<String> marks =
              (List<String>) s.getProperties().computeIfAbsent(ON_PATH, k -> new ArrayList<>());
          marks.add(legIndex + ":" + order);
        }
        order++;
      }
      leg.endedIn()
          .filter(x -> !leg.delivered())
          .map(netnsShapes::get)
          .ifPresent(
              s -> {
                s.setStroke(PathStyle.DROP);
                s.setStrokeWidth(3.5);
              });
      legIndex++;
    }
  }

  private static Node dropMark(double x, double y) {
    Circle c = new Circle(x, y, 11, PathStyle.DROP);
    Line a = new Line(x - 6, y - 6, x + 6, y + 6);
    Line b = new Line(x - 6, y + 6, x + 6, y - 6);
    a.setStroke(Color.WHITE);
    b.setStroke(Color.WHITE);
    a.setStrokeWidth(2.5);
    b.setStrokeWidth(2.5);
    Group g = new Group(c, a, b);
    g.setMouseTransparent(true);
    return g;
  }

  /**
   * Frames the culprits' namespaces: a red dash-dotted frame with a "culprit" tag, so it reads
   * without colour too.
   */
  private void drawCulprits() {
    culpritLayer.getChildren().clear();
    for (NetnsName n : vm.culprits()) {
      Shape s = netnsShapes.get(n);
      if (s == null) {
        continue;
      }
      Bounds b = s.getBoundsInParent();
      Rectangle frame =
          new Rectangle(b.getMinX() - 7, b.getMinY() - 7, b.getWidth() + 14, b.getHeight() + 14);
      frame.setFill(Color.color(0.84, 0.15, 0.16, 0.08));
      frame.setStroke(PathStyle.DROP);
      frame.setStrokeWidth(2.5);
      frame.getStrokeDashArray().setAll(10.0, 4.0, 2.0, 4.0);
      frame.setArcWidth(10);
      frame.setArcHeight(10);
      frame.getProperties().put(NETNS, n);
      Text tag = new Text(b.getMinX() - 4, b.getMinY() - 10, "culprit");
      tag.setFont(SMALL);
      tag.setFill(PathStyle.DROP.darker());
      frame.setMouseTransparent(true);
      tag.setMouseTransparent(true);
      culpritLayer.getChildren().addAll(frame, tag);
    }
  }

  /** The namespaces framed as culprits, in their order (for tests). */
  public List<NetnsName> drawnCulprits() {
    return culpritLayer.getChildren().stream()
        .map(x -> x.getProperties().get(NETNS))
        .filter(NetnsName.class::isInstance)
        .map(NetnsName.class::cast)
        .toList();
  }

  private void drawFocus(DeviceRef d) {
    focusLayer.getChildren().clear();
    Layout l = vm.layoutProperty().get();
    if (d == null || l == null) {
      return;
    }
    Optional<Point> p = l.anchor(d);
    Circle ring;
    if (p.isPresent()) {
      ring = new Circle(p.get().x(), p.get().y(), 14);
    } else {
      Shape s = netnsShapes.get(d.netns());
      if (s == null) {
        return;
      }
      Bounds b = s.getBoundsInParent();
      ring = new Circle(b.getCenterX(), b.getCenterY(), Math.max(b.getWidth(), b.getHeight()) / 2);
    }
    ring.setFill(Color.color(1, 0.85, 0.1, 0.25));
    ring.setStroke(PathStyle.FOCUS.darker());
    ring.setStrokeWidth(3);
    ring.setMouseTransparent(true);
    focusLayer.getChildren().add(ring);
  }

  /**
   * The namespaces whose shapes are marked as on the path of leg {@code leg}, in the path's order:
   * what the view really drew, for tests.
   */
  public List<NetnsName> drawnHops(int leg) {
    Map<Integer, NetnsName> byOrder = new java.util.TreeMap<>();
    for (Map.Entry<NetnsName, Shape> e : netnsShapes.entrySet()) {
      Object marks = e.getValue().getProperties().get(ON_PATH);
      if (marks instanceof List<?> list) {
        for (Object m : list) {
          String[] f = m.toString().split(":", 2);
          if (Integer.parseInt(f[0]) == leg) {
            byOrder.put(Integer.parseInt(f[1]), e.getKey());
          }
        }
      }
    }
    return List.copyOf(byOrder.values());
  }

  /** The namespaces where a drop mark (the red X) is drawn, leg by leg (for tests). */
  public List<NetnsName> drawnDrops() {
    return pathLayer.getChildren().stream()
        .map(x -> x.getProperties().get(NETNS))
        .filter(NetnsName.class::isInstance)
        .map(NetnsName.class::cast)
        .toList();
  }

  /**
   * The moving packet as drawn: what it shows ({@code request}, {@code reply in vxlan}...) and
   * where it is going; empty when no packet is drawn (for tests).
   */
  public Optional<String> drawnPacket() {
    return marker
        .target()
        .map(p -> marker.shown() + " at " + Math.round(p.x()) + "," + Math.round(p.y()));
  }

  /** Ends the packet's glide at once (before a picture is taken). */
  public void settlePacket() {
    marker.settle();
  }

  /** How many side events (ARP, flooded copies) are drawn at the current step (for tests). */
  public int drawnSideEvents() {
    return marker.sideMarks();
  }

  /** Whether a focus ring is drawn (a step's device highlighted). */
  public boolean hasFocusRing() {
    return !focusLayer.getChildren().isEmpty();
  }
}
