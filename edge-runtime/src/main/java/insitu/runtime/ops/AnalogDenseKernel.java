package insitu.runtime.ops;


import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * Gemm (y = alpha·x·Wᵀ + beta·c) and MatMul (y = x·W over the last axis) with the weight on a
 * crossbar block; the block stores the weight as outputs × inputs either way.
 */
public final class AnalogDenseKernel extends CrossbarKernel {
  private final double alpha, beta;
  // Backward's scratch, reused between batches (kernels are not shared between threads).
  private double[][] dwRows = new double[0][], wRows = new double[0][], xRows = new double[0][];

  public AnalogDenseKernel(String name, CrossbarBlock block, double[] weightGrad, double alpha, double beta,
                           int in, int bias, int out) {
    super(name, block, weightGrad, in, bias, out);
    this.alpha = alpha;
    this.beta = beta;
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
    if (bias >= 0) {
      double[] gb = f.gradBuffer(bias);
      for (int r = 0; r < rows; r++)
        for (int o = 0; o < nOut; o++) {
          double v = g[r * nOut + o];
          if (v != 0) gb[gb.length == 1 ? 0 : o] += beta * v;
        }
    }
    // Rows of dW, of W and of x in separate arrays, all indexed by i alone (which the JIT
    // vectorizes). Input-gradient rows are independent, and so are weight-gradient rows: each
    // core takes whole rows, and every sum still runs over rows r (dW) or outputs o (dx) in order,
    // skipping zero gradients, as one core would.
    double[][] dw = rowsOf(weightGrad, nOut, nIn, dwRows), w = rowsOf(wr, nOut, nIn, wRows), xs = rowsOf(x, rows, nIn, xRows);
    dwRows = dw;
    wRows = w;
    xRows = xs;
    long work = (long) rows * nOut * nIn;
    if (gx != null) f.workers().run(rows, work, PARALLEL_MACS, (chunk, from, to) -> inputGradients(g, w, gx, nIn, nOut, alpha, from, to));
    f.workers().run(nOut, work, PARALLEL_MACS, (chunk, from, to) -> weightGradients(g, xs, dw, rows, nIn, nOut, alpha, from, to));
    for (int o = 0; o < nOut; o++) System.arraycopy(dw[o], 0, weightGrad, o * nIn, nIn);
  }

  /** gx[r] += Σ_o α·g[r][o]·W[o] for rows from..to, outputs in order, zero gradients skipped. */
  private static void inputGradients(double[] g, double[][] w, double[] gx, int nIn, int nOut, double alpha, int from, int to) {
    double[] gr = new double[nIn];
    for (int r = from; r < to; r++) {
      System.arraycopy(gx, r * nIn, gr, 0, nIn);
      for (int o = 0; o < nOut; o++) addScaled(gr, alpha, g[r * nOut + o], w[o], nIn);
      System.arraycopy(gr, 0, gx, r * nIn, nIn);
    }
  }

  /** dW[o] += Σ_r α·g[r][o]·x[r] for outputs from..to, rows in order, zero gradients skipped. */
  private static void weightGradients(double[] g, double[][] xs, double[][] dw, int rows, int nIn, int nOut, double alpha, int from, int to) {
    for (int o = from; o < to; o++)
      for (int r = 0; r < rows; r++) addScaled(dw[o], alpha, g[r * nOut + o], xs[r], nIn);
  }

  /** acc += α·v·row over the first n elements; a zero gradient v adds nothing and is skipped. */
  private static void addScaled(double[] acc, double alpha, double v, double[] row, int n) {
    if (v == 0) return;
    double va = alpha * v;
    for (int i = 0; i < n; i++) acc[i] += va * row[i];
  }

  private static final long PARALLEL_MACS = 100_000;

  /** The rows of a flat rows × cols matrix as separate arrays (reusing {@code buf} when it fits). */
  private static double[][] rowsOf(double[] flat, int rows, int cols, double[][] buf) {
    double[][] m = buf.length >= rows && (rows == 0 || buf[0].length == cols) ? buf : new double[rows][cols];
    for (int o = 0; o < rows; o++) System.arraycopy(flat, o * cols, m[o], 0, cols);
    return m;
  }

  @Override public String describe() {
    return describeOn("dense");
  }
}
