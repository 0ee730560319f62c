package insitu.runtime.ops;

import insitu.boards.PatchGeometry;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.numeric.kernel.LaneDots;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * Convolution as batched analog MVMs: im2col turns every output position of every sample into one
 * input vector of length Cin·kh·kw, and the whole batch of vectors goes to the crossbar block in
 * one call. Backward uses the weights last read back from the board.
 */
public final class AnalogConvKernel extends CrossbarKernel {
  private final int kh, kw, sh, sw, pt, pl, pb, pr, dh, dw;
  // Reused between batches (kernels are not shared between threads): the patch matrix, the raw
  // crossbar outputs, and backward's gradient rows and patch gradients.
  // Column layout: row i holds element i of every patch ([i][position]).
  private double[][] patches = new double[0][], ym = new double[0][], gm = new double[0][], gp = new double[0][];
  private int lastRows;
  private UnfoldPlan plan;
  private int planH = -1, planW = -1;

  /**
   * @param bias slot of the bias vector, or -1
   * @param weightGrad where dL/dW (outputs × inputs) is accumulated; shared by every node that uses the block
   */
  public AnalogConvKernel(String name, CrossbarBlock block, double[] weightGrad, int[] kernel, int[] strides, int[] pads,
                          int[] dilations, int in, int bias, int out) {
    super(name, block, weightGrad, in, bias, out);
    kh = kernel[0]; kw = kernel[1]; sh = strides[0]; sw = strides[1];
    pt = pads[0]; pl = pads[1]; pb = pads[2]; pr = pads[3]; dh = dilations[0]; dw = dilations[1];
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    if (x.rank() != 4) throw new IllegalArgumentException(name + ": Conv needs NCHW input, got " + java.util.Arrays.toString(x.shape()));
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
    int k = c * kh * kw;
    if (k != block.inputs())
      throw new IllegalArgumentException(name + ": input has " + c + " channels but the kernel expects " + block.inputs() / (kh * kw));
    int oh = (h + pt + pb - dh * (kh - 1) - 1) / sh + 1, ow = (w + pl + pr - dw * (kw - 1) - 1) / sw + 1;
    int hw = oh * ow, rows = n * hw, cout = block.outputs();
    patches = rows(patches, k, rows);
    ym = rows(ym, cout, rows);
    double[] xd = x.data();
    double[][] pd = patches;
    PatchGeometry geometry = new PatchGeometry(c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw);
    UnfoldPlan unfold = plan(geometry);
    // Patches in the column layout (patch element i of position r at [i·rows + r]): the crossbar
    // and the simulator then sweep the batch axis with unit stride, with no transposition. The
    // block unfolds them group by group, right before scaling them (they stay in cache).
    // A board behind a link gets the maps and unfolds the patches itself (the patches stay here
    // for the per-patch scales and for backward); an in-process board multiplies the patches.
    block.mvmPatchesColumns(xd, geometry, n, patches,
        (from, to) -> Im2Col.im2colColumns(xd, from, to, c, h * w, unfold, pd), ym);
    lastRows = rows;
    double[] y = f.valueBuffer(out, rows * cout);
    double[] b = bias >= 0 ? f.value(bias).data() : null;
    double[][] ymo = ym;
    f.workers().run(n, (long) rows * cout, PARALLEL_COPIES, (chunk, from, to) -> {
      for (int s = from; s < to; s++)
        for (int o = 0; o < cout; o++) {
          double[] yo = ymo[o];
          int src = s * hw, dst = (s * cout + o) * hw;
          // A block copy, then the bias added in place (one index for both arrays, which the JIT
          // vectorizes): the same values as y = yo + bias in one loop. Without a bias nothing is
          // added: the block never outputs −0.0, so adding +0.0 would change no bit.
          System.arraycopy(yo, src, y, dst, hw);
          if (b != null) {
            double bo = b[o];
            for (int p = dst; p < dst + hw; p++) y[p] += bo;
          }
        }
    });
    f.set(out, new NDArray(new int[] {n, cout, oh, ow}, y));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null) return;
    NDArray x = f.value(in);
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
    int cout = block.outputs(), k = block.inputs(), oh = gy.dim(2), ow = gy.dim(3), hw = oh * ow;
    int rows = lastRows;
    double[] g = gy.data();
    gm = rows(gm, cout, rows);
    double[][] gmo = gm;
    // dW += gm·patchesᵀ (LaneDots: four lanes per sum) over fixed chunks of positions: each chunk owns its partial dW, summed in
    // chunk order afterwards, so the result does not depend on scheduling. Each chunk first moves
    // its positions' output gradients into the column layout.
    double[] wr = block.weights();
    double[][] pd = patches;
    int chunks = (long) rows * cout * k < PARALLEL_MACS ? 1 : CHUNKS;
    double[][] partial = new double[chunks][];
    f.workers().forEach(chunks, chunk -> {
      int from = (int) ((long) rows * chunk / chunks), to = (int) ((long) rows * (chunk + 1) / chunks);
      toColumns(g, from, to, cout, hw, gmo);
      partial[chunk] = LaneDots.outerSums(f.workers().trials(), gmo, pd, cout, k, from, to);
    });
    for (double[] part : partial) addTo(weightGrad, part);
    if (bias >= 0) addRowSums(f.gradBuffer(bias), gmo, cout, rows);
    if (f.needsGrad(in)) {
      // dPatches = Wᵀ·gm, then col2im, per chunk of samples while the chunk's patch gradients
      // are in cache. Samples own disjoint parts of gx, and each product sums over outputs in
      // order: splitting them over cores cannot change a sum.
      UnfoldPlan tab = plan(new PatchGeometry(c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw));
      if (tab.shifts() != null) {
        // "Same" convolutions: the shift goes onto the output gradients, not every patch row.
        // A gradient nothing else has written yet starts at zeros in the chunks (over the cores),
        // not in a zeroed array.
        double[] fresh = f.gradBufferToOverwrite(in), gx = fresh != null ? fresh : f.gradBuffer(in);
        int kk = kh * kw;
        int nShifted = cout <= 4 ? kk * cout : cout; // the general path shifts one kernel offset at a time
        gp = rows(gp, nShifted + c + 2, rows);
        double[][] shifted = java.util.Arrays.copyOfRange(gp, 0, nShifted), acc = java.util.Arrays.copyOfRange(gp, nShifted, nShifted + c);
        double[][] tmp = java.util.Arrays.copyOfRange(gp, nShifted + c, nShifted + c + 2);
        f.workers().run(n, (long) rows * k, PARALLEL_COPIES, (chunk, from, to) ->
            ColumnProducts.shiftedInputGradients(wr, gmo, cout, c, hw, tab, from, to, shifted, acc, tmp, gx, fresh != null));
        return;
      }
      double[] gx = f.gradBuffer(in);
      gp = rows(gp, k, rows);
      double[][] gpk = gp;
      f.workers().run(n, (long) rows * k, PARALLEL_COPIES, (chunk, from, to) -> {
        ColumnProducts.transposedProducts(wr, gmo, cout, k, from * hw, to * hw, gpk);
        Im2Col.col2imColumns(gpk, from, to, c, h * w, tab, gx);
      });
    }
  }

  // The sums below are methods of their own, as the kernels are: a loop left in backward makes the
  // JIT compile backward once more, on the stack, while the first batches run.

  /** sum[i] += part[i]. */
  private static void addTo(double[] sum, double[] part) {
    for (int i = 0; i < part.length; i++) sum[i] += part[i];
  }

  /** gb[o] += the sum of gm[o][0..rows), in order. */
  private static void addRowSums(double[] gb, double[][] gm, int cout, int rows) {
    for (int o = 0; o < cout; o++) {
      double[] row = gm[o];
      for (int r = 0; r < rows; r++) gb[o] += row[r];
    }
  }

  /** Output gradients of positions from..to (NCHW) into the column layout: gm[o][r]. */
  private static void toColumns(double[] g, int from, int to, int cout, int hw, double[][] gm) {
    for (int r0 = from; r0 < to; ) {
      int s = r0 / hw, p0 = r0 - s * hw, p1 = Math.min(hw, p0 + to - r0), base = s * hw;
      for (int o = 0; o < cout; o++) System.arraycopy(g, (s * cout + o) * hw + p0, gm[o], base + p0, p1 - p0);
      r0 = base + p1;
    }
  }

  /** How this kernel unfolds an input of the geometry's size, kept while the input size stays. */
  private UnfoldPlan plan(PatchGeometry g) {
    if (plan == null || planH != g.height() || planW != g.width()) {
      plan = UnfoldPlan.of(g.gatherTables(), g.height() * g.width());
      planH = g.height();
      planW = g.width();
    }
    return plan;
  }

  /** A buffer of at least {@code count} rows of at least {@code length} values: the old one if it is big enough. */
  private static double[][] rows(double[][] buf, int count, int length) {
    if (buf.length >= count && count > 0 && buf[0].length >= length) return buf;
    int cap = Math.max(length, buf.length > 0 ? buf[0].length : 0);
    return new double[Math.max(count, buf.length)][cap];
  }

  private static final long PARALLEL_MACS = 100_000;
  private static final long PARALLEL_COPIES = 50_000;
  private static final int CHUNKS = 8;

  @Override public String describe() {
    return describeOn("Conv");
  }
}
