package insitu.compiler.ir.eval;

import insitu.compiler.ir.Op;

/**
 * The forwards of LRN, InstanceNormalization and inference-mode BatchNormalization on an
 * [N, C, spatial...] array, shared by compile-time folding and the runtime kernels (which add the
 * backward and reuse the intermediate values computed here). Fixed loop orders, StrictMath.
 */
public final class Normalizations {
  private Normalizations() {}

  /** The channel window of LRN around channel c: [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] ∩ [0, C). */
  public static int windowStart(int c, int size) {
    return Math.max(0, c - (size - 1) / 2);
  }

  public static int windowEnd(int c, int size, int channels) {
    return Math.min(channels - 1, c + size / 2);
  }

  /** s = bias + alpha/size · Σ x² over the channel window, per element: LRN's y = x · s^−beta. */
  public static double[] lrnBase(Op.LRN op, double[] x, int[] shape) {
    int n = shape[0], channels = shape[1], inner = x.length / Math.max(1, n * channels);
    double[] s = new double[x.length];
    for (int b = 0; b < n; b++)
      for (int c = 0; c < channels; c++)
        for (int i = 0; i < inner; i++) {
          double sum = 0;
          for (int k = windowStart(c, op.size()); k <= windowEnd(c, op.size(), channels); k++) {
            double v = x[(b * channels + k) * inner + i];
            sum += v * v;
          }
          s[(b * channels + c) * inner + i] = op.bias() + op.alpha() / op.size() * sum;
        }
    return s;
  }

  public static double[] lrn(Op.LRN op, double[] x, double[] base) {
    double[] y = new double[x.length];
    for (int i = 0; i < y.length; i++) y[i] = x[i] * StrictMath.pow(base[i], -op.beta());
    return y;
  }

  /** Mean and 1/√(var + ε) of every (sample, channel) plane: {mean[], invStd[]}, biased variance as ONNX says. */
  public static double[][] planeStatistics(double[] x, int planes, double epsilon) {
    int inner = x.length / Math.max(planes, 1);
    double[] mean = new double[planes], invStd = new double[planes];
    for (int p = 0; p < planes; p++) {
      double sum = 0;
      for (int i = 0; i < inner; i++) sum += x[p * inner + i];
      double m = sum / inner, sq = 0;
      for (int i = 0; i < inner; i++) {
        double d = x[p * inner + i] - m;
        sq += d * d;
      }
      mean[p] = m;
      invStd[p] = 1 / StrictMath.sqrt(sq / inner + epsilon);
    }
    return new double[][] {mean, invStd};
  }

  /** y = scale[c]·(x − mean)·invStd + bias[c] per plane (sample, channel). */
  public static double[] instanceNorm(double[] x, int channels, double[][] stats, double[] scale, double[] bias) {
    int planes = stats[0].length, inner = x.length / Math.max(planes, 1);
    double[] y = new double[x.length];
    for (int p = 0; p < planes; p++) {
      int c = p % channels;
      for (int i = 0; i < inner; i++) y[p * inner + i] = scale[c] * (x[p * inner + i] - stats[0][p]) * stats[1][p] + bias[c];
    }
    return y;
  }

  /** scale/√(var + ε) per channel: the factor inference-mode BatchNormalization applies. */
  public static double[] batchNormFactor(double[] scale, double[] var, double epsilon) {
    double[] f = new double[scale.length];
    for (int c = 0; c < f.length; c++) f[c] = scale[c] / StrictMath.sqrt(var[c] + epsilon);
    return f;
  }

  /** y = factor[c]·(x − mean[c]) + bias[c], channel on axis 1. */
  public static double[] batchNorm(double[] x, int[] shape, double[] factor, double[] mean, double[] bias) {
    int channels = shape[1], inner = x.length / Math.max(1, shape[0] * channels);
    double[] y = new double[x.length];
    for (int k = 0; k < y.length; k++) {
      int c = (k / inner) % channels;
      y[k] = factor[c] * (x[k] - mean[c]) + bias[c];
    }
    return y;
  }
}
