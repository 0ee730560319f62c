package insitu.runtime.train;

import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import java.util.List;

/**
 * Batched inference over a data set: logits, predicted classes, accuracy. A graph with several
 * outputs (one per time step) is scored on each; its prediction is the last output.
 */
public final class Predictor {
  private final GraphExecutor executor;
  private final int batch;

  public Predictor(GraphExecutor executor, int batch) {
    this.executor = executor;
    this.batch = batch;
  }

  /** Every output for all samples: [output][N × values per sample]. */
  public double[][] allOutputs(double[] x, int n, int[] sampleShape) {
    if (n < 1) return new double[][] {new double[0]};
    int per = x.length / n;
    return allOutputs(new Float64Source(x.length == n * per ? x : java.util.Arrays.copyOf(x, n * per), per), sampleShape);
  }

  /** Every output for all samples of {@code x}, gathered batch by batch: [output][N × values per sample]. */
  public double[][] allOutputs(SampleSource x, int[] sampleShape) {
    int n = x.size(), per = x.sampleSize();
    double[][] all = null;
    for (int from = 0; from < n; from += batch) {
      int b = Math.min(batch, n - from);
      int[] shape = new int[sampleShape.length + 1];
      shape[0] = b;
      System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
      double[] xb = new double[b * per];
      x.copyRange(from, b, xb);
      executor.forward(new NDArray(shape, xb));
      List<NDArray> ys = executor.outputs();
      if (all == null) {
        all = new double[ys.size()][];
        for (int k = 0; k < ys.size(); k++) all[k] = new double[n * (ys.get(k).size() / b)];
      }
      for (int k = 0; k < ys.size(); k++) {
        int outPer = ys.get(k).size() / b;
        System.arraycopy(ys.get(k).data(), 0, all[k], from * outPer, b * outPer);
      }
    }
    return all == null ? new double[][] {new double[0]} : all;
  }

  /** The prediction (last output) for all samples, concatenated (N × outputs per sample). */
  public double[] outputs(double[] x, int n, int[] sampleShape) {
    double[][] all = allOutputs(x, n, sampleShape);
    return all[all.length - 1];
  }

  /** The prediction (last output) for all samples of {@code x}, concatenated (N × outputs per sample). */
  public double[] outputs(SampleSource x, int[] sampleShape) {
    double[][] all = allOutputs(x, sampleShape);
    return all[all.length - 1];
  }

  /** Accuracy of each output, in graph order. */
  public double[] accuracies(Samples s) {
    if (s.size() == 0) return new double[] {Double.NaN};
    double[][] out = allOutputs(s.x(), s.sampleShape());
    double[] acc = new double[out.length];
    for (int k = 0; k < out.length; k++) {
      int classes = out[k].length / s.size();
      acc[k] = (double) SoftmaxCrossEntropy.correct(out[k], s.y(), s.size(), classes) / s.size();
    }
    return acc;
  }

  /** Accuracy of the prediction (the last output). */
  public double accuracy(Samples s) {
    double[] a = accuracies(s);
    return a[a.length - 1];
  }
}
