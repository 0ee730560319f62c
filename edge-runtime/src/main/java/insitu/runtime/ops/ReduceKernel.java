package insitu.runtime.ops;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.PeripheryShapes;
import insitu.compiler.ir.Shapes;
import insitu.compiler.ir.eval.Reductions;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * The Reduce* ops: forward from {@link Reductions}; backward spreads each output's gradient over
 * its group by the reduction's derivative (MAX and MIN: all of it to the first extreme element).
 */
final class ReduceKernel extends OpKernel<Op.Reduce> {
  private int[] outIndex, winners, cachedShape;
  private int count;

  ReduceKernel(String name, Op.Reduce op, int in, int out) {
    super(name, op, in, out);
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    int[] os = PeripheryShapes.reduce(x.shape(), op.axes(), op.keepDims());
    if (!java.util.Arrays.equals(x.shape(), cachedShape)) {
      outIndex = Reductions.outputIndex(x.shape(), op.axes());
      count = Reductions.groupSize(x.shape(), op.axes());
      cachedShape = x.shape().clone();
    }
    int n = Shapes.size(os);
    if (winners == null || winners.length != n) winners = new int[n];
    f.set(out, new NDArray(os, Reductions.reduce(op.kind(), x.data(), outIndex, n, count, winners)));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null || !f.needsGrad(in)) return;
    double[] g = gy.data(), x = f.value(in).data(), y = f.value(out).data(), gx = f.gradBuffer(in);
    switch (op.kind()) {
      case MAX, MIN -> { for (int o = 0; o < g.length; o++) gx[winners[o]] += g[o]; }
      case PROD -> prodGradient(g, x, gx);
      default -> {
        for (int i = 0; i < x.length; i++) {
          int o = outIndex[i];
          gx[i] += g[o] * switch (op.kind()) {
            case SUM -> 1;
            case MEAN -> 1.0 / count;
            case L1 -> Math.signum(x[i]);
            case L2 -> y[o] == 0 ? 0 : x[i] / y[o];
            case SUM_SQUARE -> 2 * x[i];
            case LOG_SUM -> 1 / StrictMath.exp(y[o]);
            default -> StrictMath.exp(x[i] - y[o]); // LOG_SUM_EXP
          };
        }
      }
    }
  }

  /** d(Π x)/dx_i is the product of the others: prefix and suffix products per group, exact at zeros. */
  private void prodGradient(double[] g, double[] x, double[] gx) {
    int groups = g.length;
    int[][] members = new int[groups][count];
    int[] filled = new int[groups];
    for (int i = 0; i < x.length; i++) members[outIndex[i]][filled[outIndex[i]]++] = i;
    double[] prefix = new double[count + 1];
    for (int o = 0; o < groups; o++) {
      int[] m = members[o];
      prefix[0] = 1;
      for (int k = 0; k < count; k++) prefix[k + 1] = prefix[k] * x[m[k]];
      double suffix = 1;
      for (int k = count - 1; k >= 0; k--) {
        gx[m[k]] += g[o] * prefix[k] * suffix;
        suffix *= x[m[k]];
      }
    }
  }
}
