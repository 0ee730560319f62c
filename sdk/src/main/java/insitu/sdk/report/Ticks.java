package insitu.sdk.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A value axis: its range, whether it is logarithmic, and where its labelled (and minor) ticks go.
 * Steps are 1, 2 or 5 times a power of ten. StrictMath keeps the choice, and so the picture, the
 * same on every machine.
 */
record Ticks(double lo, double hi, boolean log, double[] values, String[] labels, double[] minor) {

  /** Where {@code v} lies between lo (0) and hi (1). */
  double fraction(double v) {
    if (log) return (StrictMath.log10(v) - StrictMath.log10(lo)) / (StrictMath.log10(hi) - StrictMath.log10(lo));
    return (v - lo) / (hi - lo);
  }

  /**
   * Ticks for finite values: logarithmic when all are positive and span at least {@code decade}
   * (a factor), else linear; {@code [floor, ceil]} bounds a linear range (NaN: unbounded).
   */
  static Ticks of(double[] data, int maxCount, double decade, double floor, double ceil) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (double v : data) {
      if (!Double.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min > max) return linear(Double.isNaN(floor) ? 0 : floor, Double.isNaN(ceil) ? 1 : ceil, maxCount);
    if (min > 0 && max / min >= decade) return log(min, max, maxCount);
    if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
      double pad = Math.max(Math.abs(max) * 0.1, 1e-3);
      min -= pad;
      max += pad;
    }
    if (!Double.isNaN(floor)) min = Math.max(min, floor);
    if (!Double.isNaN(ceil)) max = Math.min(max, ceil);
    return linear(min, max, maxCount);
  }

  static Ticks linear(double min, double max, int maxCount) {
    double step = niceStep((max - min) / Math.max(1, maxCount - 1));
    while ((StrictMath.ceil(max / step - 1e-9) - StrictMath.floor(min / step + 1e-9)) + 1 > maxCount) step = niceStep(step * 1.01);
    long i0 = (long) StrictMath.floor(min / step + 1e-9), i1 = (long) StrictMath.ceil(max / step - 1e-9);
    if (i1 == i0) i1++;
    int n = (int) (i1 - i0 + 1);
    double unit = siUnit(Math.max(Math.abs(i0 * step), Math.abs(i1 * step)));
    int decimals = Math.max(0, (int) StrictMath.ceil(-StrictMath.log10(step / unit) - 1e-9));
    double[] v = new double[n];
    String[] l = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i0 + i) * step;
      l[i] = withUnit(v[i] / unit, decimals, unit);
    }
    return new Ticks(v[0], v[n - 1], false, v, l, new double[0]);
  }

  /** Decades, with 2 and 5 labelled as well when the range spans two decades or fewer. */
  static Ticks log(double min, double max, int maxCount) {
    int d0 = (int) StrictMath.floor(StrictMath.log10(min) + 1e-9), d1 = (int) StrictMath.ceil(StrictMath.log10(max) - 1e-9);
    if (d1 == d0) d1++;
    List<Double> major = new ArrayList<>(), minor = new ArrayList<>();
    boolean fine = d1 - d0 <= 2;
    int stride = fine ? 1 : Math.max(1, (d1 - d0 + maxCount - 2) / Math.max(1, maxCount - 1));
    for (int d = d0; d <= d1; d++) {
      double p = StrictMath.pow(10, d);
      ((d - d0) % stride == 0 ? major : minor).add(p);
      if (d == d1) break;
      for (int m = 2; m <= 9; m++) (fine && (m == 2 || m == 5) ? major : minor).add(m * p);
    }
    double lo = StrictMath.pow(10, d0), hi = StrictMath.pow(10, d1);
    if (fine) {
      // Tighten the range to the labelled ticks around the data, so two decades do not leave half the panel empty.
      for (double t : major) if (t <= min * (1 + 1e-9)) lo = t;
      for (int i = major.size() - 1; i >= 0; i--) if (major.get(i) >= max * (1 - 1e-9)) hi = major.get(i);
    }
    final double a = lo, b = hi;
    double[] v = major.stream().mapToDouble(Double::doubleValue).filter(t -> t >= a && t <= b).toArray();
    String[] l = new String[v.length];
    for (int i = 0; i < v.length; i++) l[i] = compact(v[i]);
    return new Ticks(lo, hi, true, v, l, minor.stream().mapToDouble(Double::doubleValue).filter(t -> t > a && t < b).toArray());
  }

  /** Whole-number ticks (epochs) at multiples of 1, 2, 5, 10, 20… between first and last, at most {@code maxCount}. */
  static Ticks integers(int first, int last, int maxCount) {
    long step = 1;
    for (int k = 1; (last - first) / step + 1 > Math.max(1, maxCount); k++) step = (long) (new int[] {1, 2, 5}[k % 3] * StrictMath.pow(10, k / 3));
    List<Double> v = new ArrayList<>();
    for (long t = Math.floorDiv(first + step - 1, step) * step; t <= last; t += step) v.add((double) t);
    if (v.isEmpty()) v.add((double) first);
    double[] values = v.stream().mapToDouble(Double::doubleValue).toArray();
    String[] labels = new String[values.length];
    for (int i = 0; i < values.length; i++) labels[i] = Long.toString((long) values[i]);
    return new Ticks(first - 0.5, last + 0.5, false, values, labels, new double[0]);
  }

  static double niceStep(double raw) {
    if (!(raw > 0)) return 1;
    double p = StrictMath.pow(10, StrictMath.floor(StrictMath.log10(raw)));
    double f = raw / p;
    return (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * p;
  }

  /** 1k, 20k, 3M: the unit of the largest value once it reaches ten thousand. */
  private static double siUnit(double max) {
    return max >= 1e10 ? 1e9 : max >= 1e7 ? 1e6 : max >= 1e4 ? 1e3 : 1;
  }

  private static String withUnit(double v, int decimals, double unit) {
    if (v == 0) return decimals == 0 ? "0" : String.format(Locale.ROOT, "%." + decimals + "f", 0.0);
    String s = String.format(Locale.ROOT, unit == 1 && decimals == 0 ? "%,.0f" : "%." + decimals + "f", v);
    if (s.matches("-0(\\.0*)?")) s = s.substring(1);
    return s + (unit == 1e9 ? "G" : unit == 1e6 ? "M" : unit == 1e3 ? "k" : "");
  }

  /** A log tick's label: 0.05, 200, 1k, 5M. */
  static String compact(double v) {
    double unit = v >= 1e9 ? 1e9 : v >= 1e6 ? 1e6 : v >= 1e3 ? 1e3 : 1;
    String digits = new BigDecimal(v / unit).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    return digits + (unit == 1e9 ? "G" : unit == 1e6 ? "M" : unit == 1e3 ? "k" : "");
  }
}
