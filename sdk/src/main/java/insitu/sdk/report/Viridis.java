package insitu.sdk.report;

import java.awt.Color;

/** The viridis colour scale (perceptually uniform, readable in grey and by colour-blind readers), through 9 of its stops. */
final class Viridis {
  private static final int[][] STOPS = {{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
      {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};

  private Viridis() {}

  /** The colour at {@code t} in [0, 1] (clamped; NaN is the low end). */
  static int rgb(double t) {
    double v = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
    int i = Math.min((int) v, STOPS.length - 2);
    double f = v - i;
    int[] a = STOPS[i], b = STOPS[i + 1];
    int r = (int) Math.round(a[0] + f * (b[0] - a[0])), g = (int) Math.round(a[1] + f * (b[1] - a[1])), bl = (int) Math.round(a[2] + f * (b[2] - a[2]));
    return (r << 16) | (g << 8) | bl;
  }

  static Color color(double t) {
    return new Color(rgb(t));
  }
}
