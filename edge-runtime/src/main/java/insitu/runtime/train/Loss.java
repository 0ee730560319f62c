package insitu.runtime.train;

import insitu.runtime.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A training loss over the graph's outputs, summed over the batch (the paper's calc_mode 'sum').
 * A recurrent graph unrolled over T steps has one output per step; the loss uses either the last
 * output (the paper's recurrent_mode 'last') or all of them. The prediction is always the last output.
 */
public abstract class Loss {
  /** Which outputs the loss reads. */
  public enum Steps { LAST, ALL }

  /** The summed loss and dL/d(output) per graph output (null where no gradient flows). */
  public record Value(double loss, List<NDArray> gradients) {}

  private final Steps steps;

  protected Loss(Steps steps) {
    this.steps = steps;
  }

  /** Softmax cross-entropy on logits (default: last step only, as the paper). */
  public static Loss crossEntropy(Steps steps) {
    return new CrossEntropy(steps);
  }

  /** ½·Σ‖output − one-hot‖², so the gradient is output − one-hot (the paper's δ up to sign). */
  public static Loss meanSquaredError(Steps steps) {
    return new MeanSquaredError(steps);
  }

  public Steps steps() {
    return steps;
  }

  public abstract String name();

  /** Loss of one output (batch × classes) summed over the batch; writes its gradient into {@code grad}. */
  protected abstract double lossAndGrad(double[] out, int[] labels, int batch, int classes, double[] grad);

  public final Value evaluate(List<NDArray> outputs, int[] labels, int classes) {
    int last = outputs.size() - 1, batch = labels.length;
    double loss = 0;
    List<NDArray> grads = new ArrayList<>();
    for (int k = 0; k <= last; k++) {
      NDArray y = outputs.get(k);
      if (steps == Steps.LAST && k != last) {
        grads.add(null);
        continue;
      }
      checkShape(y, batch, classes);
      double[] g = new double[y.size()];
      loss += lossAndGrad(y.data(), labels, batch, classes, g);
      grads.add(new NDArray(y.shape().clone(), g));
    }
    return new Value(loss, grads);
  }

  static void checkShape(NDArray y, int batch, int classes) {
    if (y.size() != batch * classes)
      throw new IllegalArgumentException("model output " + java.util.Arrays.toString(y.shape()) + " is not " + batch + " x "
          + classes + " class scores; the data set has " + classes + " classes");
  }

  static final class CrossEntropy extends Loss {
    CrossEntropy(Steps steps) { super(steps); }

    @Override public String name() { return steps() == Steps.ALL ? "cross-entropy-all" : "cross-entropy"; }

    @Override protected double lossAndGrad(double[] out, int[] labels, int batch, int classes, double[] grad) {
      return SoftmaxCrossEntropy.lossAndGrad(out, labels, batch, classes, grad);
    }
  }

  static final class MeanSquaredError extends Loss {
    MeanSquaredError(Steps steps) { super(steps); }

    @Override public String name() { return steps() == Steps.ALL ? "mse-all" : "mse"; }

    @Override protected double lossAndGrad(double[] out, int[] labels, int batch, int classes, double[] grad) {
      double loss = 0;
      for (int b = 0; b < batch; b++)
        for (int c = 0; c < classes; c++) {
          int k = b * classes + c;
          double d = out[k] - (c == labels[b] ? 1 : 0);
          loss += 0.5 * d * d;
          grad[k] = d;
        }
      return loss;
    }
  }
}
