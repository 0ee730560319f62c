package insitu.compiler.ir.eval;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.Shapes;
import java.util.Arrays;

/**
 * The forward of {@link Op.Reduce}, shared by compile-time folding and the runtime kernel (which
 * adds the backward). Every input element is visited once in row-major order and added into its
 * output element, so each sum runs in a fixed order on every machine.
 */
public final class Reductions {
  private Reductions() {}

  /** For every input element, the (row-major) index of the output element it reduces into. */
  public static int[] outputIndex(int[] shape, int[] axes) {
    boolean[] reduced = new boolean[shape.length];
    for (int a : axes) reduced[a] = true;
    int[] outStrides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      outStrides[i] = reduced[i] ? 0 : s;
      if (!reduced[i]) s *= shape[i];
    }
    return Shapes.indexMap(shape, idx -> {
      int k = 0;
      for (int i = 0; i < idx.length; i++) k += idx[i] * outStrides[i];
      return k;
    });
  }

  /** How many input elements reduce into each output element. */
  public static int groupSize(int[] shape, int[] axes) {
    int n = 1;
    for (int a : axes) n *= shape[a];
    return n;
  }

  /**
   * The reduction of x into {@code outSize} values. For MAX and MIN, {@code winners} (if not null)
   * receives each output's first extreme input element, which gets the whole gradient.
   */
  public static double[] reduce(Op.Reduce.Kind kind, double[] x, int[] outIndex, int outSize, int count, int[] winners) {
    double[] y = new double[outSize];
    switch (kind) {
      case MAX, MIN -> {
        int[] w = winners != null ? winners : new int[outSize];
        Arrays.fill(w, -1);
        boolean max = kind == Op.Reduce.Kind.MAX;
        for (int i = 0; i < x.length; i++) {
          int o = outIndex[i];
          if (w[o] < 0 || (max ? x[i] > y[o] : x[i] < y[o])) {
            y[o] = x[i];
            w[o] = i;
          }
        }
      }
      case PROD -> {
        Arrays.fill(y, 1);
        for (int i = 0; i < x.length; i++) y[outIndex[i]] *= x[i];
      }
      case LOG_SUM_EXP -> {
        // exp of x − max: no overflow, exactly log Σ e^x up to rounding.
        double[] m = reduce(Op.Reduce.Kind.MAX, x, outIndex, outSize, count, null);
        for (int i = 0; i < x.length; i++) y[outIndex[i]] += StrictMath.exp(x[i] - m[outIndex[i]]);
        for (int o = 0; o < outSize; o++) y[o] = m[o] + StrictMath.log(y[o]);
      }
      default -> {
        for (int i = 0; i < x.length; i++) y[outIndex[i]] += term(kind, x[i]);
        for (int o = 0; o < outSize; o++) y[o] = finish(kind, y[o], count);
      }
    }
    return y;
  }

  private static double term(Op.Reduce.Kind kind, double v) {
    return switch (kind) {
      case L1 -> Math.abs(v);
      case L2, SUM_SQUARE -> v * v;
      default -> v;
    };
  }

  private static double finish(Op.Reduce.Kind kind, double sum, int count) {
    return switch (kind) {
      case MEAN -> sum / count;
      case L2 -> StrictMath.sqrt(sum);
      case LOG_SUM -> StrictMath.log(sum);
      default -> sum;
    };
  }
}
