package insitu.runtime.ops;

import insitu.boards.PatchGeometry;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.exec.FixedChunks;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * Convolution as batched analog MVMs: im2col turns every output position of every sample into one
 * input vector of length Cin·kh·kw, and the whole batch of vectors goes to the crossbar block in
 * one call. Backward uses the weights last read back from the board.
 */
public final class AnalogConvKernel implements Kernel {
  private final String name;
  private final CrossbarBlock block;
  private final double[] weightGrad;
  private final int kh, kw, sh, sw, pt, pl, pb, pr, dh, dw;
  private final int in, bias, out;
  // Reused between batches (kernels are not shared between threads): the patch matrix, the raw
  // crossbar outputs, and backward's gradient rows and patch gradients.
  private double[] patches = new double[0], ym = new double[0], gmBuf = new double[0], gpBuf = new double[0];
  private int lastRows;

  /**
   * @param bias slot of the bias vector, or -1
   * @param weightGrad where dL/dW (outputs × inputs) is accumulated; shared by every node that uses the block
   */
  public AnalogConvKernel(String name, CrossbarBlock block, double[] weightGrad, int[] kernel, int[] strides, int[] pads,
                          int[] dilations, int in, int bias, int out) {
    this.name = name;
    this.block = block;
    this.weightGrad = weightGrad;
    kh = kernel[0]; kw = kernel[1]; sh = strides[0]; sw = strides[1];
    pt = pads[0]; pl = pads[1]; pb = pads[2]; pr = pads[3]; dh = dilations[0]; dw = dilations[1];
    this.in = in;
    this.bias = bias;
    this.out = out;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    if (x.rank() != 4) throw new IllegalArgumentException(name + ": Conv needs NCHW input, got " + java.util.Arrays.toString(x.shape()));
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
    int k = c * kh * kw;
    if (k != block.inputs())
      throw new IllegalArgumentException(name + ": input has " + c + " channels but the kernel expects " + block.inputs() / (kh * kw));
    int oh = (h + pt + pb - dh * (kh - 1) - 1) / sh + 1, ow = (w + pl + pr - dw * (kw - 1) - 1) / sw + 1;
    int rows = n * oh * ow, cout = block.outputs();
    if (patches.length < rows * k) patches = new double[rows * k];
    if (ym.length < rows * cout) ym = new double[rows * cout];
    double[] xd = x.data(), pd = patches;
    int padded = Im2Col.paddedSize(c, kh, kw, sh, sw, dh, dw, oh, ow);
    FixedChunks.run(n, (long) rows * k, PARALLEL_COPIES, (chunk, from, to) ->
        Im2Col.im2col(xd, from, to, c, h, w, kh, kw, sh, sw, pt, pl, dh, dw, oh, ow, pd, new double[padded]));
    // The board gets the maps and unfolds the patches itself (the patches stay here for backward).
    PatchGeometry g = new PatchGeometry(c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw);
    block.mvmPatches(xd, g, n, patches, ym);
    lastRows = rows;
    double[] y = new double[rows * cout];
    double[] b = bias >= 0 ? f.value(bias).data() : null;
    int hw = oh * ow;
    for (int s = 0; s < n; s++)
      for (int p = 0; p < hw; p++) {
        int r = s * hw + p;
        for (int o = 0; o < cout; o++) y[(s * cout + o) * hw + p] = ym[r * cout + o] + (b != null ? b[o] : 0);
      }
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
    if (gmBuf.length < rows * cout) gmBuf = new double[rows * cout];
    double[] gm = gmBuf;
    for (int s = 0; s < n; s++)
      for (int o = 0; o < cout; o++)
        for (int p = 0; p < hw; p++) gm[(s * hw + p) * cout + o] = g[(s * cout + o) * hw + p];
    if (bias >= 0) {
      double[] gb = f.gradBuffer(bias);
      for (int r = 0; r < rows; r++) for (int o = 0; o < cout; o++) gb[o] += gm[r * cout + o];
    }
    // dW += gmᵀ·patches and dPatches = gm·W_read, over fixed row chunks: each chunk owns its partial
    // dW, summed in chunk order afterwards, so the result does not depend on thread scheduling.
    boolean inputGrad = f.needsGrad(in);
    double[] wr = block.weights();
    if (inputGrad && gpBuf.length < rows * k) gpBuf = new double[rows * k];
    double[] gp = inputGrad ? gpBuf : null;
    int chunks = (long) rows * cout * k < PARALLEL_MACS ? 1 : CHUNKS;
    double[][] partial = new double[chunks][];
    java.util.stream.IntStream.range(0, chunks).parallel().forEach(chunk -> {
      double[] part = new double[cout * k];
      int from = (int) ((long) rows * chunk / chunks), to = (int) ((long) rows * (chunk + 1) / chunks);
      // dW: four rows per sweep keep part[] in registers; each element still adds its terms row by
      // row in row order. A zero gradient adds exactly nothing (part is never −0.0), so terms of
      // zero need not be skipped for the sums to match the one-row loop.
      int r = from;
      for (; r + 3 < to; r += 4) {
        int p0 = r * k, p1 = p0 + k, p2 = p1 + k, p3 = p2 + k, gr = r * cout;
        for (int o = 0; o < cout; o++) {
          double v0 = gm[gr + o], v1 = gm[gr + cout + o], v2 = gm[gr + 2 * cout + o], v3 = gm[gr + 3 * cout + o];
          if (v0 == 0 && v1 == 0 && v2 == 0 && v3 == 0) continue;
          int wo = o * k;
          for (int i = 0; i < k; i++) {
            double a = part[wo + i];
            a += v0 * patches[p0 + i];
            a += v1 * patches[p1 + i];
            a += v2 * patches[p2 + i];
            a += v3 * patches[p3 + i];
            part[wo + i] = a;
          }
        }
      }
      for (; r < to; r++) {
        int pr0 = r * k, gr = r * cout;
        for (int o = 0; o < cout; o++) {
          double v = gm[gr + o];
          if (v == 0) continue;
          int wo = o * k;
          for (int i = 0; i < k; i++) part[wo + i] += v * patches[pr0 + i];
        }
      }
      if (gp != null) java.util.Arrays.fill(gp, from * k, to * k, 0); // this chunk's rows of the reused buffer
      if (gp != null)
        for (int q = from; q < to; q++) {
          int pr0 = q * k, gr = q * cout;
          for (int o = 0; o < cout; o++) {
            double v = gm[gr + o];
            if (v == 0) continue;
            int wo = o * k;
            for (int i = 0; i < k; i++) gp[pr0 + i] += v * wr[wo + i];
          }
        }
      partial[chunk] = part;
    });
    for (double[] part : partial) for (int i = 0; i < part.length; i++) weightGrad[i] += part[i];
    if (gp != null) {
      double[] gx = f.gradBuffer(in);
      int padded = Im2Col.paddedSize(c, kh, kw, sh, sw, dh, dw, oh, ow);
      // Samples own disjoint parts of gx: splitting them over cores cannot change a sum.
      FixedChunks.run(n, (long) rows * k, PARALLEL_COPIES, (chunk, from, to) ->
          Im2Col.col2im(gp, from, to, c, h, w, kh, kw, sh, sw, pt, pl, dh, dw, oh, ow, gx, new double[padded]));
    }
  }

  private static final long PARALLEL_MACS = 100_000;
  private static final long PARALLEL_COPIES = 200_000;
  private static final int CHUNKS = 8;

  @Override public String describe() {
    return name + " (Conv on crossbar '" + block.name() + "')";
  }
}
