package insitu.bench;

import insitu.boards.Board;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.Predictor;
import insitu.sdk.data.Dataset;
import insitu.sdk.job.TrainJob;

/** Inference of the paper CNN on a simulated board: batch-1 latency and batched throughput. */
final class InferenceBench {
  record Result(double medianMicros, double p99Micros, double batchedSamplesPerSecond) {
    static final Result NONE = new Result(Double.NaN, Double.NaN, Double.NaN);
  }

  private InferenceBench() {}

  static Result run(String board, Dataset test, BenchSettings s) {
    try (Board b = TrainJob.openBoard(board, s.seed())) {
      Deployment d = Deployment.map(b, PaperModels.cnn(s.seed()), MappingOptions.defaults());
      TrainJob.initialize(d, GateResponse.paper());
      GraphExecutor ex = d.executor();
      int per = test.sampleSize(), n = test.size();
      int[] shape = {1, 1, 8, 8};
      double[] lat = new double[s.latencyRuns()];
      for (int i = 0; i < s.latencyWarmup() + s.latencyRuns(); i++) {
        double[] x = new double[per];
        System.arraycopy(test.x(), (i % n) * per, x, 0, per);
        long t0 = System.nanoTime();
        ex.forward(new NDArray(shape, x));
        long t = System.nanoTime() - t0;
        if (i >= s.latencyWarmup()) lat[i - s.latencyWarmup()] = t / 1e3;
      }
      int m = Math.min(n, s.batchedSamples());
      double[] xs = java.util.Arrays.copyOf(test.x(), m * per);
      Predictor p = new Predictor(ex, 100);
      p.outputs(xs, m, test.sampleShape()); // warm-up pass
      double[] rates = new double[3];
      for (int k = 0; k < rates.length; k++) {
        long t0 = System.nanoTime();
        p.outputs(xs, m, test.sampleShape());
        rates[k] = m / ((System.nanoTime() - t0) / 1e9);
      }
      return new Result(Stats.median(lat), Stats.percentile(lat, 0.99), Stats.median(rates));
    }
  }
}
