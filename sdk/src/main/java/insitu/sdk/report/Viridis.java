package insitu.sdk.report;

import java.awt.Color;

/** A perceptually uniform colour scale (viridis, piecewise linear through 5 anchors). */
final class Viridis {
  private static final int[][] ANCHORS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

  private Viridis() {}

  static Color color(double t) {
    double v = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
    int i = Math.min((int) v, ANCHORS.length - 2);
    double f = v - i;
    int[] a = ANCHORS[i], b = ANCHORS[i + 1];
    return new Color((int) (a[0] + f * (b[0] - a[0])), (int) (a[1] + f * (b[1] - a[1])), (int) (a[2] + f * (b[2] - a[2])));
  }
}
