package insitu.bench;

import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import insitu.sdk.data.Dataset;

/** Batch-1 inference calls of a deployed model on a data set's samples in turn: the latency of each. */
final class Batch1Calls {
  private final GraphExecutor executor;
  private final Dataset data;
  private int next; // the next sample

  Batch1Calls(GraphExecutor executor, Dataset data) {
    this.executor = executor;
    this.data = data;
  }

  /** {@code warmup} untimed calls, then statistics of {@code runs} timed ones. */
  Latency latency(int warmup, int runs) {
    int per = data.sampleSize(), n = data.size();
    int[] shape = new int[data.sampleShape().length + 1];
    shape[0] = 1;
    System.arraycopy(data.sampleShape(), 0, shape, 1, data.sampleShape().length);
    double[] lat = new double[runs];
    for (int i = 0; i < warmup + runs; i++, next++) {
      double[] x = new double[per];
      data.sample(next % n, x);
      long t0 = System.nanoTime();
      executor.forward(new NDArray(shape, x));
      long t = System.nanoTime() - t0;
      if (i >= warmup) lat[i - warmup] = t / 1e3;
    }
    return Latency.of(lat);
  }
}
