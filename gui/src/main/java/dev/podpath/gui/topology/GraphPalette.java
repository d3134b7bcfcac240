package dev.podpath.gui.topology;

import javafx.scene.paint.Color;

/**
 * The colours the topology is drawn in, one set per theme. The path's colours ({@link PathStyle})
 * stay the same in both: blue and orange keep apart for the common colour-blindnesses, and the
 * reply is dashed and drawn with a square marker as well.
 */
public record GraphPalette(
    Color background,
    Color groupFill,
    Color groupStroke,
    Color barFill,
    Color barStroke,
    Color barText,
    Color nodeFill,
    Color nodeStroke,
    Color podFill,
    Color podStroke,
    Color netnsFill,
    Color netnsStroke,
    Color title,
    Color rowText,
    Color port,
    Color portText,
    Color outsideFill,
    Color outsideStroke,
    Color outsideText,
    Color veth,
    Color segment,
    Color otherWire,
    Color tunnel) {

  /** On white. */
  public static final GraphPalette LIGHT =
      new GraphPalette(
          Color.WHITE,
          Color.web("#f2f5f9"),
          Color.web("#b7c3d3"),
          Color.web("#5d6d7e"),
          Color.web("#34495e"),
          Color.web("#34495e"),
          Color.web("#e6eef8"),
          Color.web("#41669b"),
          Color.WHITE,
          Color.web("#7f8fa6"),
          Color.web("#fff7e3"),
          Color.web("#a77b2c"),
          Color.BLACK,
          Color.web("#222222"),
          Color.web("#2c3e50"),
          Color.web("#555555"),
          Color.web("#fafafa"),
          Color.web("#999999"),
          Color.web("#666666"),
          Color.web("#333333"),
          Color.web("#34495e"),
          Color.web("#999999"),
          Color.web("#8e44ad"));

  /** On near-black: the same roles, light lines and text on dark fills. */
  public static final GraphPalette DARK =
      new GraphPalette(
          Color.web("#1b1d20"),
          Color.web("#23272c"),
          Color.web("#4a5563"),
          Color.web("#8395a7"),
          Color.web("#b0bfcf"),
          Color.web("#b0bfcf"),
          Color.web("#1f2a38"),
          Color.web("#6d98d6"),
          Color.web("#2a2e33"),
          Color.web("#8d9bb0"),
          Color.web("#33291a"),
          Color.web("#d4a456"),
          Color.web("#f0f0f0"),
          Color.web("#dddddd"),
          Color.web("#c8d3df"),
          Color.web("#b8b8b8"),
          Color.web("#26282b"),
          Color.web("#777777"),
          Color.web("#aaaaaa"),
          Color.web("#c8c8c8"),
          Color.web("#b0bfcf"),
          Color.web("#888888"),
          Color.web("#c07ee0"));
}
