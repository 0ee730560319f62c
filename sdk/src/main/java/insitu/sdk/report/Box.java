package insitu.sdk.report;

/** An axis-aligned rectangle in image pixels (y grows downwards): where a plot element sits. */
record Box(double x, double y, double w, double h) {

  double right() {
    return x + w;
  }

  double bottom() {
    return y + h;
  }

  double centreX() {
    return x + w / 2;
  }

  double centreY() {
    return y + h / 2;
  }

  /** True when the interiors meet; boxes that only touch along an edge do not overlap. */
  boolean overlaps(Box o) {
    return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
  }

  boolean contains(Box o) {
    return o.x >= x && o.y >= y && o.right() <= right() && o.bottom() <= bottom();
  }

  Box grow(double d) {
    return new Box(x - d, y - d, w + 2 * d, h + 2 * d);
  }

  Box moveTo(double nx, double ny) {
    return new Box(nx, ny, w, h);
  }
}
