package insitu.bench;

/** Batch-1 latency of one block of calls: median and 99th percentile, in µs (NaN when not measured). */
record Latency(double medianMicros, double p99Micros) {
  static final Latency NONE = new Latency(Double.NaN, Double.NaN);

  /** The statistics of per-call times (µs); NONE for no calls (a warm-up block). */
  static Latency of(double[] micros) {
    return micros.length == 0 ? NONE : new Latency(Stats.median(micros), Stats.percentile(micros, 0.99));
  }
}
