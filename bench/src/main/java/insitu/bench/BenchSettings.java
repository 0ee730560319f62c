package insitu.bench;

/**
 * Sizes of one bench run. {@code quick} is for the smoke test: every measurement runs, on a
 * handful of samples, so the JSON has every key; its numbers mean nothing.
 */
record BenchSettings(boolean quick, int trainSamples, int slots, int trainWarmupEpochs, int latencyRuns, int latencyWarmup, int batchedSamples,
                     int compileRepeats, int convLstmSamples, int convLstmWarmupEpochs, int convLstmEpochs, int realisticWarmupEpochs,
                     int realisticEpochs, int demoEpochs, int wallRounds, Scale scale, long seed) {

  /**
   * Sizes of the scale part: the first {@code trainSamples} 28×28 training digits (trained and
   * inferred on by both sides), which PyTorch trains each model on for {@code pretrainEpochs}
   * first; then {@code warmupEpochs} untimed epochs each, and per block {@code epochsPerBlock}
   * timed epochs and {@code inferPasses} timed passes of batched inference; batch-1 latency over
   * {@code latencyCalls} calls after as many untimed.
   */
  record Scale(int trainSamples, int pretrainEpochs, int warmupEpochs, int epochsPerBlock, int inferPasses, int latencyCalls) {}

  static BenchSettings full(long seed) {
    // Nine slots in which every peer measures in turn: one training epoch each, then one block of
    // 2,000 batch-1 calls each. A shared machine may switch between a fast and a slow mode every
    // few seconds; measurements seconds apart can land in different modes, measurements a fraction
    // of a second apart mostly do not.
    // Training: 20 untimed epochs first for every peer, steady state (on 2 cores HotSpot keeps
    // compiling the training path for many epochs; docs/BENCHMARKS.md).
    // 50,000 warm-up calls: steady-state latency, after the JIT has compiled every path (fewer left
    // the JVM peers partly interpreted); every peer gets the same warm-up.
    // ConvLSTM: 5 untimed epochs of 1,000 sequences (its steady state is about twice its first
    // epoch), then 2 timed ones. The realistic board: 3 untimed epochs of the 8,000 digits, then 3.
    // Scale: 1,000 digits, 2 epochs of pre-training, 2 untimed epochs, then blocks of 3 epochs, 3
    // inference passes and 200 batch-1 calls (PyTorch at one and two threads before and after
    // ours): about 2 minutes on two cores for both CNNs.
    // Wall times of the demo and the PyTorch script: 5 rounds of ours, PyTorch at 1 and 2 threads
    // (about a minute; the script's two groups of times need several rounds to show in a median).
    return new BenchSettings(false, 8000, 9, 20, 2000, 50_000, 2000, 5, 1000, 5, 2, 3, 3, 15, 5, new Scale(1000, 2, 2, 3, 3, 200), seed);
  }

  static BenchSettings quick(long seed) {
    return new BenchSettings(true, 300, 1, 0, 100, 50, 200, 1, 20, 0, 1, 0, 1, 1, 1, new Scale(100, 1, 0, 1, 1, 5), seed);
  }
}
