package insitu.runtime.ops;

import insitu.numeric.kernel.OrderedSweeps;

/**
 * The input gradient Wᵀ·g of a layer whose vectors are stored as columns ({@code x[i][r]} is
 * element i of vector r); its weight gradient is {@link insitu.numeric.kernel.LaneDots}. Every sum
 * runs over its outputs in order, one multiply and one add per term, so results do not depend on
 * blocking or on the number of cores.
 */
final class ColumnProducts {
  private ColumnProducts() {}

  /**
   * gx[i][r] = Σ_o w[o·k + i]·g[o][r] for r ∈ [from, to) (overwritten), outputs in order. Four
   * outputs per sweep keep the running sum in a register, adding them one at a time.
   */
  static void transposedProducts(double[] w, double[][] g, int nOut, int k, int from, int to, double[][] gx) {
    int i = 0;
    for (; i + 1 < k; i += 2) transposedRows(w, g, 0, nOut, k, i, i + 1, gx[i], gx[i + 1], from, to);
    if (i < k) transposedRow(w, g, 0, nOut, k, i, gx[i], from, to);
  }

  /**
   * Rows i and j of {@link #transposedProducts} in one sweep over the output rows g[g0 ..], which
   * both read: half the memory traffic of two {@link #transposedRow} calls, and each row's sum in
   * the same order.
   */
  static void transposedRows(double[] w, double[][] g, int g0, int nOut, int k, int i, int j, double[] xi, double[] xj, int from, int to) {
    if (nOut < 4) {
      transposedRow(w, g, g0, nOut, k, i, xi, from, to);
      transposedRow(w, g, g0, nOut, k, j, xj, from, to);
      return;
    }
    OrderedSweeps.firstFourTwice(xi, xj, g[g0], g[g0 + 1], g[g0 + 2], g[g0 + 3], w[i], w[k + i], w[2 * k + i], w[3 * k + i], w[j], w[k + j],
        w[2 * k + j], w[3 * k + j], from, to);
    int o = 4;
    for (; o + 3 < nOut; o += 4) {
      int a = o * k, b = a + k, c = b + k, d = c + k;
      OrderedSweeps.addFourTwice(xi, xj, g[g0 + o], g[g0 + o + 1], g[g0 + o + 2], g[g0 + o + 3], w[a + i], w[b + i], w[c + i], w[d + i], w[a + j],
          w[b + j], w[c + j], w[d + j], from, to);
    }
    for (; o < nOut; o++) {
      double wi = w[o * k + i], wj = w[o * k + j];
      double[] go = g[g0 + o];
      for (int r = from; r < to; r++) {
        xi[r] += wi * go[r];
        xj[r] += wj * go[r];
      }
    }
  }

  /**
   * xi[r] = Σ_o w[o·k + i]·g[g0 + o][r] for r ∈ [from, to) (overwritten): one row of
   * {@link #transposedProducts}, with the output rows starting at g[g0].
   */
  static void transposedRow(double[] w, double[][] g, int g0, int nOut, int k, int i, double[] xi, int from, int to) {
    int o = 0;
    if (nOut >= 4) {
      OrderedSweeps.firstFour(xi, g[g0], g[g0 + 1], g[g0 + 2], g[g0 + 3], w[i], w[k + i], w[2 * k + i], w[3 * k + i], from, to);
      o = 4;
    } else {
      java.util.Arrays.fill(xi, from, to, 0);
    }
    for (; o + 3 < nOut; o += 4) {
      double w0 = w[o * k + i], w1 = w[(o + 1) * k + i], w2 = w[(o + 2) * k + i], w3 = w[(o + 3) * k + i];
      OrderedSweeps.addFour(xi, g[g0 + o], g[g0 + o + 1], g[g0 + o + 2], g[g0 + o + 3], w0, w1, w2, w3, from, to);
    }
    for (; o < nOut; o++) {
      double wo = w[o * k + i];
      double[] go = g[g0 + o];
      for (int r = from; r < to; r++) xi[r] += wo * go[r];
    }
  }

  /**
   * The input gradient of a convolution that unfolds by shifts ({@link UnfoldPlan#shifts()}), for
   * samples from..to: gx (NCHW) += col2im(Wᵀ·g), the same sums as {@link #transposedProducts} then
   * {@link Im2Col#col2imColumns}, bit for bit, with the shift applied to the few output-gradient
   * rows instead of to every patch-gradient row: each kernel offset t gets g shifted by d_t
   * (gShifted[t·nOut + o]), so a patch-gradient row comes out already aligned with the input
   * pixels and is added over whole chunks with one index, not plane by plane.
   *
   * @param gShifted kk·nOut rows when nOut ≤ 4 (else nOut), acc at least c rows, tmp two rows: all as long as g's rows
   * @param overwrite gx holds nothing yet: its samples from..to are written as if they started at +0.0
   */
  static void shiftedInputGradients(double[] w, double[][] g, int nOut, int c, int hw, UnfoldPlan plan, int from, int to,
                                    double[][] gShifted, double[][] acc, double[][] tmp, double[] gx, boolean overwrite) {
    int[][] dead = plan.deadPixels();
    int kk = plan.shifts().length, k = c * kk, r0 = from * hw, r1 = to * hw;
    if (overwrite && nOut <= 4 && allFinite(w)) {
      for (int t = 0; t < kk; t++) shift(g, nOut, hw, plan, t, from, to, gShifted, t * nOut);
      fusedInputGradients(w, gShifted, nOut, c, kk, hw, from, to, acc, tmp[0], gx);
      return;
    }
    for (int ch = 0; ch < c; ch++) {
      double[] a = acc[ch];
      if (overwrite) java.util.Arrays.fill(a, r0, r1, 0.0);
      else for (int s = from; s < to; s++) System.arraycopy(gx, (s * c + ch) * hw, a, s * hw, hw);
    }
    // Kernel offsets backwards, pixels no position reads through t adding −0.0 (no change):
    // col2imColumns' order. One offset's shifted rows at a time, read by every channel while they
    // are in cache, two channels per sweep.
    for (int t = kk - 1; t >= 0; t--) {
      shift(g, nOut, hw, plan, t, from, to, gShifted, 0);
      for (int ch = 0; ch < c; ch += 2) {
        boolean pair = ch + 1 < c;
        if (pair) transposedRows(w, gShifted, 0, nOut, k, ch * kk + t, (ch + 1) * kk + t, tmp[0], tmp[1], r0, r1);
        else transposedRow(w, gShifted, 0, nOut, k, ch * kk + t, tmp[0], r0, r1);
        for (int m = 0; m < (pair ? 2 : 1); m++) {
          double[] row = tmp[m], a = acc[ch + m];
          for (int s = from; s < to; s++) for (int q : dead[t]) row[s * hw + q] = -0.0;
          for (int r = r0; r < r1; r++) a[r] += row[r];
        }
      }
    }
    for (int ch = 0; ch < c; ch++) for (int s = from; s < to; s++) System.arraycopy(acc[ch], s * hw, gx, (s * c + ch) * hw, hw);
  }

  /**
   * {@link #shiftedInputGradients} onto a fresh gradient, for at most four outputs and finite
   * weights: each kernel offset's patch-gradient row is summed in registers and added to the
   * pixel's running sum in one sweep. Its pixels that no position reads through t get the sum of
   * zero-gradient terms, +0.0, where the general path adds −0.0: the same, because a running sum
   * that started at +0.0 is never −0.0 (only −0.0 + −0.0 is), and finite weights times zeros are
   * zeros. Missing outputs read a row of zeros with weight 0.
   */
  private static void fusedInputGradients(double[] w, double[][] gShifted, int nOut, int c, int kk, int hw, int from, int to, double[][] acc,
                                          double[] zeros, double[] gx) {
    int k = c * kk, r0 = from * hw, r1 = to * hw;
    java.util.Arrays.fill(zeros, r0, r1, 0.0);
    int ch = 0;
    // Two channels per sweep: every channel reads the same shifted gradient rows.
    for (; ch + 1 < c; ch += 2) {
      double[] a = acc[ch], e = acc[ch + 1];
      java.util.Arrays.fill(a, r0, r1, 0.0);
      java.util.Arrays.fill(e, r0, r1, 0.0);
      for (int t = kk - 1; t >= 0; t--) {
        int i = ch * kk + t, i2 = i + kk, g0 = t * nOut;
        OrderedSweeps.addSumOfFourTwice(a, e, gShifted[g0], nOut > 1 ? gShifted[g0 + 1] : zeros, nOut > 2 ? gShifted[g0 + 2] : zeros,
            nOut > 3 ? gShifted[g0 + 3] : zeros, w[i], nOut > 1 ? w[k + i] : 0.0, nOut > 2 ? w[2 * k + i] : 0.0, nOut > 3 ? w[3 * k + i] : 0.0,
            w[i2], nOut > 1 ? w[k + i2] : 0.0, nOut > 2 ? w[2 * k + i2] : 0.0, nOut > 3 ? w[3 * k + i2] : 0.0, r0, r1);
      }
      for (int s = from; s < to; s++) {
        System.arraycopy(a, s * hw, gx, (s * c + ch) * hw, hw);
        System.arraycopy(e, s * hw, gx, (s * c + ch + 1) * hw, hw);
      }
    }
    for (; ch < c; ch++) {
      double[] a = acc[ch];
      java.util.Arrays.fill(a, r0, r1, 0.0);
      for (int t = kk - 1; t >= 0; t--) {
        int i = ch * kk + t, g0 = t * nOut;
        OrderedSweeps.addSumOfFour(a, gShifted[g0], nOut > 1 ? gShifted[g0 + 1] : zeros, nOut > 2 ? gShifted[g0 + 2] : zeros,
            nOut > 3 ? gShifted[g0 + 3] : zeros, w[i], nOut > 1 ? w[k + i] : 0.0, nOut > 2 ? w[2 * k + i] : 0.0, nOut > 3 ? w[3 * k + i] : 0.0,
            r0, r1);
      }
      for (int s = from; s < to; s++) System.arraycopy(a, s * hw, gx, (s * c + ch) * hw, hw);
    }
  }

  private static boolean allFinite(double[] w) {
    for (double v : w) if (!Double.isFinite(v)) return false;
    return true;
  }

  /** dst[d0 + o] = g[o] shifted by d_t within each sample from..to, zeros where the window hangs over the padding. */
  private static void shift(double[][] g, int nOut, int hw, UnfoldPlan plan, int t, int from, int to, double[][] dst, int d0) {
    int d = plan.shifts()[t], lo = Math.max(0, -d), hi = Math.min(hw, hw - d);
    int[] dead = plan.deadPixels()[t];
    for (int o = 0; o < nOut; o++) {
      double[] src = g[o], out = dst[d0 + o];
      for (int s = from; s < to; s++) {
        int base = s * hw;
        System.arraycopy(src, base + lo, out, base + lo + d, hi - lo);
        for (int q : dead) out[base + q] = 0.0;
      }
    }
  }
}
