package insitu.fleet.control;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the parameters of several models coordinate-wise ({@link Aggregation}). Devices with
 * more samples weigh more; weights that are all zero count equally. Deterministic: values are
 * sorted (ties by device order) before any sum.
 */
public final class WeightAggregator {
  private final Aggregation how;
  private final double trim;

  /** @param trim share of the weight mass dropped at each end by the trimmed mean, in [0, 0.5) */
  public WeightAggregator(Aggregation how, double trim) {
    if (!(trim >= 0 && trim < 0.5)) throw new IllegalArgumentException("trim must be in [0, 0.5), was " + trim);
    this.how = how;
    this.trim = trim;
  }

  /** The combined parameters; every model must have the same names and sizes as the first. */
  public Map<String, double[]> combine(List<Map<String, double[]>> models, double[] weights) {
    if (models.isEmpty() || models.size() != weights.length) throw new IllegalArgumentException("one weight per model, at least one model");
    double[] w = weights.clone();
    if (Arrays.stream(w).sum() <= 0) Arrays.fill(w, 1);
    Map<String, double[]> out = new LinkedHashMap<>();
    int n = models.size();
    double[] column = new double[n];
    for (var e : models.get(0).entrySet()) {
      int size = e.getValue().length;
      double[] r = new double[size];
      for (int i = 0; i < size; i++) {
        for (int m = 0; m < n; m++) column[m] = models.get(m).get(e.getKey())[i];
        r[i] = combine(column, w);
      }
      out.put(e.getKey(), r);
    }
    return out;
  }

  /** One coordinate: {@code values[m]} of model m with weight {@code weights[m]}. */
  double combine(double[] values, double[] weights) {
    return switch (how) {
      case FEDAVG -> trimmedMean(values, weights, 0);
      case TRIMMED_MEAN -> trimmedMean(values, weights, trim);
      case MEDIAN -> median(values, weights);
    };
  }

  private static Integer[] order(double[] values) {
    Integer[] idx = new Integer[values.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> values[a] != values[b] ? Double.compare(values[a], values[b]) : Integer.compare(a, b));
    return idx;
  }

  /** Mean over the weight mass between {@code trim·W} and {@code (1−trim)·W}; an item on a cut counts in part. */
  static double trimmedMean(double[] values, double[] weights, double trim) {
    double total = 0;
    for (double w : weights) total += w;
    double lo = trim * total, hi = total - lo, cum = 0, sum = 0, kept = 0;
    for (int i : order(values)) {
      double from = cum, to = cum + weights[i];
      cum = to;
      double part = Math.max(0, Math.min(to, hi) - Math.max(from, lo));
      sum += part * values[i];
      kept += part;
    }
    return sum / kept;
  }

  /** The value where the cumulative weight reaches half; exactly half at a boundary averages the two neighbours. */
  static double median(double[] values, double[] weights) {
    double total = 0;
    for (double w : weights) total += w;
    Integer[] idx = order(values);
    double cum = 0;
    for (int k = 0; k < idx.length; k++) {
      if (weights[idx[k]] == 0) continue;
      cum += weights[idx[k]];
      if (cum > total / 2) return values[idx[k]];
      if (cum == total / 2) {
        for (int j = k + 1; j < idx.length; j++) if (weights[idx[j]] > 0) return (values[idx[k]] + values[idx[j]]) / 2;
        return values[idx[k]];
      }
    }
    return values[idx[idx.length - 1]];
  }
}
