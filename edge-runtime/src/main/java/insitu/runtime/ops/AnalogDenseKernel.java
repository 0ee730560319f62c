package insitu.runtime.ops;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * Gemm (y = alpha·x·Wᵀ + beta·c) and MatMul (y = x·W over the last axis) with the weight on a
 * crossbar block; the block stores the weight as outputs × inputs either way.
 */
public final class AnalogDenseKernel implements Kernel {
  private final String name;
  private final CrossbarBlock block;
  private final double[] weightGrad;
  private final double alpha, beta;
  private final int in, bias, out;
  private double[] xcache = new double[0];

  public AnalogDenseKernel(String name, CrossbarBlock block, double[] weightGrad, double alpha, double beta,
                           int in, int bias, int out) {
    this.name = name;
    this.block = block;
    this.weightGrad = weightGrad;
    this.alpha = alpha;
    this.beta = beta;
    this.in = in;
    this.bias = bias;
    this.out = out;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    int nIn = block.inputs(), nOut = block.outputs();
    int last = x.dim(x.rank() - 1);
    if (last != nIn)
      throw new IllegalArgumentException(name + ": input " + java.util.Arrays.toString(x.shape()) + " has " + last
          + " features, the weight expects " + nIn);
    int rows = x.size() / nIn;
    double[] y = new double[rows * nOut];
    block.mvm(x.data(), rows, y);
    if (alpha != 1) for (int i = 0; i < y.length; i++) y[i] *= alpha;
    if (bias >= 0) {
      double[] b = f.value(bias).data();
      for (int r = 0; r < rows; r++)
        for (int o = 0; o < nOut; o++) y[r * nOut + o] += beta * b[b.length == 1 ? 0 : o];
    }
    int[] shape = x.shape().clone();
    shape[shape.length - 1] = nOut;
    f.set(out, new NDArray(shape, y));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null) return;
    double[] g = gy.data(), x = f.value(in).data(), wr = block.weights();
    int nIn = block.inputs(), nOut = block.outputs(), rows = g.length / nOut;
    double[] gx = f.needsGrad(in) ? f.gradBuffer(in) : null;
    double[] gb = bias >= 0 ? f.gradBuffer(bias) : null;
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < nOut; o++) {
        double v = g[r * nOut + o];
        if (v == 0) continue;
        if (gb != null) gb[gb.length == 1 ? 0 : o] += beta * v;
        double va = alpha * v;
        int wo = o * nIn, xr = r * nIn;
        for (int i = 0; i < nIn; i++) {
          weightGrad[wo + i] += va * x[xr + i];
        }
        if (gx != null) for (int i = 0; i < nIn; i++) gx[xr + i] += va * wr[wo + i];
      }
    }
  }

  @Override public String describe() {
    return name + " (dense on crossbar '" + block.name() + "')";
  }
}
