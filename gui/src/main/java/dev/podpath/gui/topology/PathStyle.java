package dev.podpath.gui.topology;

import dev.podpath.sim.outcome.PacketRole;
import javafx.scene.paint.Color;

/**
 * How a packet's way is drawn: the request solid blue, what answers it dashed orange (colour and
 * line style both, so the two stay apart for colour-blind readers), a drop in red.
 */
final class PathStyle {

  static final Color REQUEST = Color.web("#1f6fb4");
  static final Color RESPONSE = Color.web("#e67e00");
  static final Color DROP = Color.web("#d62728");
  static final Color FOCUS = Color.web("#f1c40f");
  static final Color SELECTED = Color.web("#2ca02c");

  private PathStyle() {}

  static Color color(PacketRole role) {
    return role == PacketRole.REQUEST ? REQUEST : RESPONSE;
  }

  static boolean dashed(PacketRole role) {
    return role != PacketRole.REQUEST;
  }
}
