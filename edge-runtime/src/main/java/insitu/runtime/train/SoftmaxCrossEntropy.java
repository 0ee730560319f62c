package insitu.runtime.train;

/**
 * Softmax cross-entropy on logits, summed over the batch (the paper's calc_mode 'sum'). Its
 * gradient with respect to the logits is softmax − one-hot.
 */
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /**
   * @param logits batch × classes
   * @param grad receives dL/dlogits (batch × classes)
   * @return the summed loss
   */
  public static double lossAndGrad(double[] logits, int[] labels, int batch, int classes, double[] grad) {
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      int o = b * classes;
      double m = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) m = Math.max(m, logits[o + c]);
      double s = 0;
      for (int c = 0; c < classes; c++) s += StrictMath.exp(logits[o + c] - m);
      double ls = StrictMath.log(s) + m;
      int y = labels[b];
      if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " outside 0.." + (classes - 1));
      loss += ls - logits[o + y];
      for (int c = 0; c < classes; c++) grad[o + c] = StrictMath.exp(logits[o + c] - ls) - (c == y ? 1 : 0);
    }
    return loss;
  }

  /** How many of the first {@code b} samples' largest logits are at their label. */
  public static int correct(double[] logits, int[] labels, int b, int classes) {
    int correct = 0;
    for (int k = 0; k < b; k++) if (argmax(logits, k, classes) == labels[k]) correct++;
    return correct;
  }

  /** Index of the largest logit of each sample. */
  public static int argmax(double[] logits, int b, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) if (logits[b * classes + c] > logits[b * classes + best]) best = c;
    return best;
  }
}
