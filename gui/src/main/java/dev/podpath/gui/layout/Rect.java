package dev.podpath.gui.layout;

/** An axis-aligned rectangle in layout units (pixels at zoom 1). */
public record Rect(double x, double y, double w, double h) {

  public double maxX() {
    return x + w;
  }

  public double maxY() {
    return y + h;
  }

  public double centerX() {
    return x + w / 2;
  }

  public double centerY() {
    return y + h / 2;
  }

  /** Whether the two rectangles share any area. */
  public boolean overlaps(Rect o) {
    return x < o.maxX() && o.x < maxX() && y < o.maxY() && o.y < maxY();
  }

  /** Whether {@code o} lies inside this rectangle. */
  public boolean encloses(Rect o) {
    return o.x >= x && o.y >= y && o.maxX() <= maxX() && o.maxY() <= maxY();
  }
}
