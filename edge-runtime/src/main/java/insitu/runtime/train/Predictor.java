package insitu.runtime.train;

import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;

/** Batched inference over a data set: logits, predicted classes, accuracy. */
public final class Predictor {
  private final GraphExecutor executor;
  private final int batch;

  public Predictor(GraphExecutor executor, int batch) {
    this.executor = executor;
    this.batch = batch;
  }

  /** The first output for all samples, concatenated (N × outputs per sample). */
  public double[] outputs(double[] x, int n, int[] sampleShape) {
    int per = x.length / Math.max(n, 1);
    double[] all = null;
    int outPer = 0;
    for (int from = 0; from < n; from += batch) {
      int b = Math.min(batch, n - from);
      int[] shape = new int[sampleShape.length + 1];
      shape[0] = b;
      System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
      double[] xb = java.util.Arrays.copyOfRange(x, from * per, (from + b) * per);
      NDArray y = executor.forward(new NDArray(shape, xb));
      if (all == null) {
        outPer = y.size() / b;
        all = new double[n * outPer];
      }
      System.arraycopy(y.data(), 0, all, from * outPer, b * outPer);
    }
    return all == null ? new double[0] : all;
  }

  public double accuracy(Samples s) {
    if (s.size() == 0) return Double.NaN;
    double[] out = outputs(s.x(), s.size(), s.sampleShape());
    int classes = out.length / s.size();
    int correct = 0;
    for (int k = 0; k < s.size(); k++) if (SoftmaxCrossEntropy.argmax(out, k, classes) == s.y()[k]) correct++;
    return (double) correct / s.size();
  }
}
