package insitu.bench;

import java.util.Arrays;

/** Order statistics of timings. Medians and high percentiles, because the machine is shared. */
final class Stats {
  private Stats() {}

  static double median(double[] v) {
    return percentile(v, 0.5);
  }

  /** The nearest-rank percentile (p in [0, 1]) of a copy of {@code v}; NaN when empty. */
  static double percentile(double[] v, double p) {
    if (v.length == 0) return Double.NaN;
    double[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) (s.length * p))];
  }

  /** a / b, or NaN when either is missing, so a ratio against an unavailable peer stays null in JSON. */
  static double ratio(double a, double b) {
    return Double.isFinite(a) && Double.isFinite(b) && b != 0 ? a / b : Double.NaN;
  }
}
