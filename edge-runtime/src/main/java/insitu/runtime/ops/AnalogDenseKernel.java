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
  // Backward's scratch, reused between batches (kernels are not shared between threads).
  private double[][] dwRows = new double[0][], wRows = new double[0][];
  private double[] xRow = new double[0], gxRow = new double[0];

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
    // Rows of dW, of W and the current input row in separate arrays, all indexed by i alone (which
    // the JIT vectorizes); every sum still runs over rows r, then outputs o, in order.
    double[][] dw = rowsOf(weightGrad, nOut, nIn, dwRows), w = rowsOf(wr, nOut, nIn, wRows);
    dwRows = dw;
    wRows = w;
    if (xRow.length != nIn) {
      xRow = new double[nIn];
      gxRow = new double[nIn];
    }
    double[] xr = xRow, gr = gxRow;
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x, r * nIn, xr, 0, nIn);
      if (gx != null) System.arraycopy(gx, r * nIn, gr, 0, nIn);
      for (int o = 0; o < nOut; o++) {
        double v = g[r * nOut + o];
        if (v == 0) continue;
        if (gb != null) gb[gb.length == 1 ? 0 : o] += beta * v;
        double va = alpha * v;
        double[] dwo = dw[o], wo = w[o];
        for (int i = 0; i < nIn; i++) dwo[i] += va * xr[i];
        if (gx != null) for (int i = 0; i < nIn; i++) gr[i] += va * wo[i];
      }
      if (gx != null) System.arraycopy(gr, 0, gx, r * nIn, nIn);
    }
    for (int o = 0; o < nOut; o++) System.arraycopy(dw[o], 0, weightGrad, o * nIn, nIn);
  }

  /** The rows of a flat rows × cols matrix as separate arrays (reusing {@code buf} when it fits). */
  private static double[][] rowsOf(double[] flat, int rows, int cols, double[][] buf) {
    double[][] m = buf.length == rows && (rows == 0 || buf[0].length == cols) ? buf : new double[rows][cols];
    for (int o = 0; o < rows; o++) System.arraycopy(flat, o * cols, m[o], 0, cols);
    return m;
  }

  @Override public String describe() {
    return name + " (dense on crossbar '" + block.name() + "')";
  }
}
