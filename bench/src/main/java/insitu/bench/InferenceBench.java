package insitu.bench;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.session.Programming;
import insitu.runtime.session.Session;
import insitu.runtime.train.Predictor;
import insitu.sdk.data.Dataset;

/**
 * Inference of the paper CNN on a simulated board: batch-1 latency and batched throughput. A
 * session stays open so its latency blocks can alternate with the peers'.
 */
final class InferenceBench implements AutoCloseable {
  private final Session session;
  private final GraphExecutor executor;
  private final Dataset test;
  private final Batch1Calls calls;

  InferenceBench(String boardSpec, Dataset test, long seed, Workers workers) {
    this.test = test;
    session = Session.open(boardSpec, seed, workers);
    Graph cnn = PaperModels.cnn(seed);
    session.deploy(cnn, session.map(cnn, null).placement(), null);
    session.program(new Programming.PaperInit());
    executor = session.deployment().executor();
    calls = new Batch1Calls(executor, test);
  }

  /** {@code warmup} untimed batch-1 calls, then statistics of {@code runs} timed ones. */
  Latency latency(int warmup, int runs) {
    return calls.latency(warmup, runs);
  }

  /** Its batch-1 calls, for a comparison to run in blocks. */
  Batch1Calls calls() {
    return calls;
  }

  /** Samples/s of batched inference (batch 100) over the first {@code samples} test digits: the median of 3 passes after one untimed. */
  double batchedSamplesPerSecond(int samples) {
    int m = Math.min(test.size(), samples);
    double[] xs = test.subset(0, m).x();
    Predictor p = new Predictor(executor, 100);
    p.outputs(xs, m, test.sampleShape()); // warm-up pass
    double[] rates = new double[3];
    for (int k = 0; k < rates.length; k++) {
      long t0 = System.nanoTime();
      p.outputs(xs, m, test.sampleShape());
      rates[k] = m / ((System.nanoTime() - t0) / 1e9);
    }
    return Stats.median(rates);
  }

  @Override public void close() {
    session.close();
  }
}
