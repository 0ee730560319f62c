package insitu.bench;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.session.Programming;
import insitu.runtime.session.Session;
import insitu.runtime.tensor.NDArray;
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
  private int next; // the next test digit of the latency calls

  InferenceBench(String boardSpec, Dataset test, long seed, Workers workers) {
    this.test = test;
    session = Session.open(boardSpec, seed, workers);
    Graph cnn = PaperModels.cnn(seed);
    session.deploy(cnn, session.map(cnn, null).placement(), null);
    session.program(new Programming.PaperInit());
    executor = session.deployment().executor();
  }

  /** {@code warmup} untimed batch-1 calls, then statistics of {@code runs} timed ones. */
  Latency latency(int warmup, int runs) {
    int per = test.sampleSize(), n = test.size();
    int[] shape = {1, 1, 8, 8};
    double[] lat = new double[runs];
    for (int i = 0; i < warmup + runs; i++, next++) {
      double[] x = new double[per];
      test.sample(next % n, x);
      long t0 = System.nanoTime();
      executor.forward(new NDArray(shape, x));
      long t = System.nanoTime() - t0;
      if (i >= warmup) lat[i - warmup] = t / 1e3;
    }
    return Latency.of(lat);
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
