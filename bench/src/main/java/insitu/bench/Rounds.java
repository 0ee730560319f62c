package insitu.bench;

import java.util.Map;

/** One figure of one peer over the alternating measurement rounds of a bench run. */
final class Rounds {
  private double[] values = new double[0];

  void add(double v) {
    values = java.util.Arrays.copyOf(values, values.length + 1);
    values[values.length - 1] = v;
  }

  /** The per-round figures, in round order (a copy). */
  double[] values() {
    return values.clone();
  }

  /** The median round (NaN when the peer never ran). */
  double median() {
    return Stats.median(values);
  }

  /** Reports the median as {@code key} and the rounds' figures as {@code key_per_round}. */
  void report(Map<String, Object> report, String key) {
    report.put(key, median());
    report.put(key + "_per_round", values());
  }
}
