package insitu.bench;

/**
 * Sizes of one bench run. {@code quick} is for the smoke test: every measurement runs, on a
 * handful of samples, so the JSON has every key; its numbers mean nothing.
 */
record BenchSettings(boolean quick, int trainSamples, int trainRounds, int trainWarmupEpochs, int trainEpochs, int latencyRuns, int latencyWarmup, int batchedSamples,
                     int compileRepeats, int convLstmSamples, int convLstmWarmupEpochs, int convLstmEpochs, int realisticWarmupEpochs, int demoEpochs, long seed) {

  static BenchSettings full(long seed) {
    // Three rounds in which every peer runs in turn, so each figure is a true median (with two, the
    // "median" was the better round: one lucky stretch decided it). Training: in each round 20
    // untimed epochs first, then 3 timed ones: steady state. On 2 cores HotSpot keeps compiling
    // the training path for 10-20 epochs (epoch 1 ~6,000 samples/s, epochs 2-8 ~20,000-30,000,
    // then ~40,000-55,000).
    // 50,000 warm-up calls: steady-state latency, after the JIT has compiled every path (1,000 left
    // the JVM peers partly interpreted); every peer gets the same warm-up.
    // ConvLSTM: 5 untimed epochs of 1,000 sequences (its steady state is about twice its first
    // epoch), then 2 timed ones. The realistic board: 3 untimed epochs of the 8,000 digits.
    return new BenchSettings(false, 8000, 3, 20, 3, 5000, 50_000, 2000, 5, 1000, 5, 2, 3, 15, seed);
  }

  static BenchSettings quick(long seed) {
    return new BenchSettings(true, 300, 1, 0, 1, 100, 50, 200, 1, 20, 0, 1, 0, 1, seed);
  }
}
