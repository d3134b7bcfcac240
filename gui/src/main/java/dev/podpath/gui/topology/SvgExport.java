package dev.podpath.gui.topology;

import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.Point;
import dev.podpath.gui.layout.Rect;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.trace.graph.EdgeKind;
import dev.podpath.trace.graph.TracePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.paint.Color;

/**
 * The topology as an SVG document, written by hand from the same {@link Layout} the view draws
 * (groups, namespace boxes with their device rows, segment bars, ports, wires, tunnels, what lies
 * outside the model) and, when a trace is shown, its path: the request solid, the reply dashed, a
 * drop as a red X. Text is escaped; the picture scales without blurring.
 */
public final class SvgExport {

  private SvgExport() {}

  /** {@return the SVG text of {@code l} in {@code pal}'s colours, with {@code path} if not null} */
  public static String of(Layout l, GraphPalette pal, TracePath path) {
    StringBuilder sb = new StringBuilder();
    double w = Math.ceil(l.width() + 40);
    double h = Math.ceil(l.height() + 40);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(num(w))
        .append("\" height=\"")
        .append(num(h))
        .append("\" viewBox=\"-20 -20 ")
        .append(num(w))
        .append(' ')
        .append(num(h))
        .append("\" font-family=\"sans-serif\">\n");
    sb.append(rect(new Rect(-20, -20, w, h), pal.background(), null, 0, ""));
    for (Layout.Group g : l.groups()) {
      sb.append(
          rect(
              g.rect(),
              pal.groupFill(),
              pal.groupStroke(),
              1,
              " rx=\"9\" stroke-dasharray=\"6 4\""));
    }
    for (Layout.Wire wire : l.wires()) {
      sb.append(wire(wire, pal));
    }
    for (Layout.Bar b : l.bars()) {
      sb.append(rect(b.rect(), pal.barFill(), pal.barStroke(), 1, " rx=\"3\""));
      sb.append(
          text(
              b.label() + "  (L2 segment)",
              b.rect().x(),
              b.rect().maxY() + 12,
              10,
              pal.barText(),
              false));
    }
    for (Layout.NetnsBox b : l.boxes()) {
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
        default -> {
          fill = pal.netnsFill();
          stroke = pal.netnsStroke();
        }
      }
      sb.append(
          rect(b.rect(), fill, stroke, b.kind() == Layout.BoxKind.NODE ? 1.6 : 1.2, " rx=\"5\""));
      String title = b.netns().value() + (b.kind() == Layout.BoxKind.NODE ? "  (node)" : "");
      sb.append(text(title, b.rect().x() + 7, b.rect().y() + 15, 12, pal.title(), true));
      for (Layout.Row row : b.rows()) {
        sb.append(
            text(row.text(), row.rect().x(), row.rect().y() + 11, 11, pal.rowText(), false)
                .replace("<text ", "<text font-family=\"monospace\" "));
      }
    }
    for (Layout.Fold f : l.folds()) {
      sb.append(
          rect(
              f.rect(), pal.podFill(), pal.podStroke(), 1.2, " rx=\"5\" stroke-dasharray=\"8 4\""));
      String[] lines = f.text().split("\n", 2);
      sb.append(text(lines[0], f.rect().x() + 7, f.rect().y() + 15, 12, pal.title(), true));
      if (lines.length > 1) {
        sb.append(
            text(lines[1], f.rect().x() + 7, f.rect().y() + 30, 11, pal.rowText(), false)
                .replace("<text ", "<text font-family=\"monospace\" "));
      }
    }
    for (Layout.Port p : l.ports()) {
      sb.append(rect(new Rect(p.at().x() - 4, p.at().y() - 4, 8, 8), pal.port(), null, 0, ""));
      if (!p.label().isEmpty()) {
        sb.append(text(p.label(), p.labelAt().x(), p.labelAt().y(), 10, pal.portText(), false));
      }
    }
    for (Layout.OutsideMark m : l.outside()) {
      sb.append(
          rect(m.rect(), pal.outsideFill(), pal.outsideStroke(), 1, " stroke-dasharray=\"4 3\""));
      sb.append(
          text(
              "not in the model: " + m.label(),
              m.rect().x() + 6,
              m.rect().y() + 14,
              10,
              pal.outsideText(),
              false));
    }
    if (path != null) {
      int k = 0;
      for (TracePath.Leg leg : path.legs()) {
        sb.append(leg(l, leg, k * 5.0));
        k++;
      }
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static String leg(Layout l, TracePath.Leg leg, double offset) {
    List<Point> pts = new ArrayList<>();
    for (DeviceRef d : leg.devices()) {
      Optional<Point> p = l.anchor(d);
      if (p.isPresent() && (pts.isEmpty() || !pts.get(pts.size() - 1).equals(p.get()))) {
        pts.add(p.get());
      }
    }
    if (pts.isEmpty()) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder("<polyline fill=\"none\" stroke-width=\"4\" opacity=\"0.85\" stroke=\"");
    sb.append(hex(PathStyle.color(leg.role()))).append('"');
    if (PathStyle.dashed(leg.role())) {
      sb.append(" stroke-dasharray=\"12 7\"");
    }
    sb.append(" points=\"");
    for (Point p : pts) {
      sb.append(num(p.x() + offset)).append(',').append(num(p.y() + offset)).append(' ');
    }
    sb.append("\"/>\n");
    if (!leg.delivered()) {
      Point last = pts.get(pts.size() - 1);
      double x = last.x() + offset;
      double y = last.y() + offset;
      sb.append("<circle cx=\"")
          .append(num(x))
          .append("\" cy=\"")
          .append(num(y))
          .append("\" r=\"11\" fill=\"")
          .append(hex(PathStyle.DROP))
          .append("\"/>\n");
      sb.append("<path d=\"M")
          .append(num(x - 6))
          .append(' ')
          .append(num(y - 6))
          .append(" L")
          .append(num(x + 6))
          .append(' ')
          .append(num(y + 6))
          .append(" M")
          .append(num(x - 6))
          .append(' ')
          .append(num(y + 6))
          .append(" L")
          .append(num(x + 6))
          .append(' ')
          .append(num(y - 6))
          .append("\" stroke=\"#ffffff\" stroke-width=\"2.5\"/>\n");
    }
    return sb.toString();
  }

  private static String wire(Layout.Wire w, GraphPalette pal) {
    List<Point> p = w.points();
    if (w.kind() == EdgeKind.TUNNEL && !w.curved()) {
      StringBuilder d = new StringBuilder();
      for (Point q : p) {
        d.append(d.length() == 0 ? "M" : " L").append(num(q.x())).append(' ').append(num(q.y()));
      }
      return "<path fill=\"none\" stroke=\""
          + hex(pal.tunnel())
          + "\" stroke-width=\"2\" stroke-dasharray=\"9 6\" d=\""
          + d
          + "\"><title>"
          + esc("tunnel " + w.from() + ": " + w.label())
          + "</title></path>\n";
    }
    if (w.kind() == EdgeKind.TUNNEL) {
      return "<path fill=\"none\" stroke=\""
          + hex(pal.tunnel())
          + "\" stroke-width=\"2\""
          + " stroke-dasharray=\"9 6\" d=\"M"
          + num(p.get(0).x())
          + ' '
          + num(p.get(0).y())
          + " Q"
          + num(p.get(1).x())
          + ' '
          + num(p.get(1).y())
          + ' '
          + num(p.get(2).x())
          + ' '
          + num(p.get(2).y())
          + "\"><title>"
          + esc("tunnel " + w.from() + ": " + w.label())
          + "</title></path>\n";
    }
    String style =
        switch (w.kind()) {
          case VETH -> "stroke=\"" + hex(pal.veth()) + "\" stroke-width=\"1.5\"";
          case L2_SEGMENT -> "stroke=\"" + hex(pal.segment()) + "\" stroke-width=\"2\"";
          default -> "stroke=\"" + hex(pal.otherWire()) + "\" stroke-dasharray=\"3 3\"";
        };
    if (p.size() > 2) {
      // a wire routed around the boxes between its ends: straight segments through its corners
      StringBuilder d = new StringBuilder();
      for (Point q : p) {
        d.append(d.length() == 0 ? "M" : " L").append(num(q.x())).append(' ').append(num(q.y()));
      }
      return "<path fill=\"none\" d=\"" + d + "\" " + style + "/>\n";
    }
    return "<line x1=\""
        + num(p.get(0).x())
        + "\" y1=\""
        + num(p.get(0).y())
        + "\" x2=\""
        + num(p.get(1).x())
        + "\" y2=\""
        + num(p.get(1).y())
        + "\" "
        + style
        + "/>\n";
  }

  private static String rect(Rect r, Color fill, Color stroke, double width, String extra) {
    return "<rect x=\""
        + num(r.x())
        + "\" y=\""
        + num(r.y())
        + "\" width=\""
        + num(r.w())
        + "\" height=\""
        + num(r.h())
        + "\" fill=\""
        + hex(fill)
        + "\""
        + (stroke == null
            ? ""
            : " stroke=\"" + hex(stroke) + "\" stroke-width=\"" + num(width) + "\"")
        + extra
        + "/>\n";
  }

  private static String text(String s, double x, double y, int size, Color fill, boolean bold) {
    return "<text x=\""
        + num(x)
        + "\" y=\""
        + num(y)
        + "\" font-size=\""
        + size
        + "\" fill=\""
        + hex(fill)
        + "\""
        + (bold ? " font-weight=\"bold\"" : "")
        + " xml:space=\"preserve\">"
        + esc(s)
        + "</text>\n";
  }

  /** Text for XML: the five special characters escaped, control characters dropped. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\t') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static String hex(Color c) {
    return String.format(
        Locale.ROOT,
        "#%02x%02x%02x",
        Math.round(c.getRed() * 255),
        Math.round(c.getGreen() * 255),
        Math.round(c.getBlue() * 255));
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
