package insitu.service.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram: counts per upper bound (each observation in its first bucket), sum and count. Thread-safe. */
public final class Histogram {
  private final double[] bounds;
  private final LongAdder[] counts;
  private final DoubleAdder sum = new DoubleAdder();

  /** @param bounds upper bounds, ascending; +Inf is implied */
  public Histogram(double... bounds) {
    for (int i = 1; i < bounds.length; i++)
      if (!(bounds[i] > bounds[i - 1])) throw new IllegalArgumentException("histogram bounds must ascend");
    this.bounds = bounds.clone();
    counts = new LongAdder[bounds.length + 1];
    for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
  }

  public void observe(double v) {
    int i = 0;
    while (i < bounds.length && v > bounds[i]) i++;
    counts[i].increment();
    sum.add(v);
  }

  double[] bounds() {
    return bounds.clone();
  }

  /** Cumulative counts per bound, the last being +Inf (the total count). */
  long[] cumulative() {
    long[] c = new long[counts.length];
    long run = 0;
    for (int i = 0; i < c.length; i++) c[i] = run += counts[i].sum();
    return c;
  }

  double sum() {
    return sum.sum();
  }
}
