package insitu.runtime.ops;

/**
 * The host's unfolds of NCHW tensors beside the board's: im2col in the column layout (patch
 * element i of position r at out[i][r]) gathered through {@link insitu.boards.PatchGeometry#gatherTables},
 * the one definition of which pixel each patch element is, and the adjoints (col2im) of both
 * layouts. The row layout itself is {@link insitu.boards.PatchGeometry#patches}. Patch element order
 * is (channel, ky, kx), as W[Cout,Cin,kh,kw].
 */
final class Im2Col {
  private Im2Col() {}

  /** Size of the scratch {@link #col2im(double[], int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, double[], double[])} needs. */
  static int paddedSize(int c, int kh, int kw, int sh, int sw, int dh, int dw, int oh, int ow) {
    return c * ((oh - 1) * sh + (kh - 1) * dh + 1) * ((ow - 1) * sw + (kw - 1) * dw + 1);
  }

  static void col2im(double[] cols, int n, int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pl,
                     int dh, int dw, int oh, int ow, double[] gx) {
    col2im(cols, 0, n, c, h, w, kh, kw, sh, sw, pt, pl, dh, dw, oh, ow, gx, new double[paddedSize(c, kh, kw, sh, sw, dh, dw, oh, ow)]);
  }

  /**
   * col2im of samples from..to, through a padded image (scratch) that starts as a copy of the
   * sample's gradient so far: every pixel receives its patch contributions in the same order as
   * the direct loops (output position by output position) onto the same starting value, so the
   * sums are bit-identical, without a bounds test per element.
   */
  static void col2im(double[] cols, int from, int to, int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pl,
                     int dh, int dw, int oh, int ow, double[] gx, double[] padded) {
    int k = c * kh * kw;
    int hp = (oh - 1) * sh + (kh - 1) * dh + 1, wp = (ow - 1) * sw + (kw - 1) * dw + 1, plane = hp * wp;
    for (int s = from; s < to; s++) {
      java.util.Arrays.fill(padded, 0, c * plane, 0);
      for (int ch = 0; ch < c; ch++) {
        int xb = (s * c + ch) * h * w, pb = ch * plane;
        for (int iy = 0; iy < h && iy + pt < hp; iy++)
          for (int ix = 0; ix < w && ix + pl < wp; ix++) padded[pb + (iy + pt) * wp + ix + pl] = gx[xb + iy * w + ix];
      }
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          int row = ((s * oh + oy) * ow + ox) * k;
          for (int ch = 0; ch < c; ch++)
            for (int ky = 0; ky < kh; ky++) {
              int dst = ch * plane + (oy * sh + ky * dh) * wp + ox * sw, col = row + (ch * kh + ky) * kw;
              for (int kx = 0; kx < kw; kx++) padded[dst + kx * dw] += cols[col + kx];
            }
        }
      for (int ch = 0; ch < c; ch++) {
        int xb = (s * c + ch) * h * w, pb = ch * plane;
        for (int iy = 0; iy < h && iy + pt < hp; iy++)
          for (int ix = 0; ix < w && ix + pl < wp; ix++) gx[xb + iy * w + ix] = padded[pb + (iy + pt) * wp + ix + pl];
      }
    }
  }

  /**
   * im2col in the column layout, for columns (output positions of the batch) from..to: patch
   * element i = (channel, t) of position r = s·oh·ow + p goes to out[i][r]. Each input plane is
   * copied next to a zero, then gathered through the tables.
   */
  static void im2colColumns(double[] x, int from, int to, int c, int hw, int[][] tables, double[][] out) {
    im2colColumns(x, from, to, c, hw, UnfoldPlan.of(tables, hw), out);
  }

  /**
   * {@link #im2colColumns(double[], int, int, int, int, int[][], double[][])} with a plan: whole
   * samples of a shift plan are unfolded by block copies (the JIT turns a gather into scalar code,
   * a copy into vector moves); the rest by gathering. Values are only copied: same result.
   */
  static void im2colColumns(double[] x, int from, int to, int c, int hw, UnfoldPlan plan, double[][] out) {
    int[][] tables = plan.tables();
    int kk = tables.length, ohw = tables[0].length;
    double[] plane = null;
    for (int r0 = from; r0 < to; ) {
      int s = r0 / ohw, p0 = r0 - s * ohw, p1 = Math.min(ohw, p0 + to - r0), base = s * ohw;
      if (plan.shifts() != null && p0 == 0 && p1 == ohw) {
        for (int ch = 0; ch < c; ch++) shiftedCopies(x, (s * c + ch) * hw, hw, plan, base, out, ch * kk);
      } else {
        if (plane == null) plane = new double[hw + 1];
        for (int ch = 0; ch < c; ch++) {
          System.arraycopy(x, (s * c + ch) * hw, plane, 0, hw);
          for (int t = 0; t < kk; t++) {
            int[] idx = tables[t];
            double[] o = out[ch * kk + t];
            for (int p = p0; p < p1; p++) o[base + p] = plane[idx[p]];
          }
        }
      }
      r0 = base + p1;
    }
  }

  /** Patch rows (first + t) of one sample's plane: the plane shifted by d_t, windows over the padding zeroed. */
  private static void shiftedCopies(double[] x, int src, int hw, UnfoldPlan plan, int base, double[][] out, int first) {
    int[] shifts = plan.shifts();
    for (int t = 0; t < shifts.length; t++) {
      int d = shifts[t], lo = Math.max(0, -d), hi = Math.min(hw, hw - d);
      double[] o = out[first + t];
      System.arraycopy(x, src + lo + d, o, base + lo, hi - lo);
      for (int p : plan.deadPositions()[t]) o[base + p] = 0.0;
    }
  }

  /**
   * The adjoint of {@link #im2colColumns}: gx += col2im(cols) for samples from..to. Kernel offsets
   * run backwards, so every pixel receives its contributions in raster order of the output
   * positions, as {@link #col2im} adds them: the sums are bit-identical. Padding lands in the
   * extra slot and is dropped.
   */
  static void col2imColumns(double[][] cols, int from, int to, int c, int hw, int[][] tables, double[] gx) {
    col2imColumns(cols, from, to, c, hw, UnfoldPlan.of(tables, hw), gx);
  }

  /**
   * {@link #col2imColumns(double[][], int, int, int, int, int[][], double[])} with a plan. With a
   * shift plan each kernel offset's gradients are block-copied into a shifted row (−0.0 where a
   * pixel gets nothing: adding −0.0 changes no value, not even a zero's sign) and added
   * element-wise, offsets still in descending order: the same sums.
   */
  static void col2imColumns(double[][] cols, int from, int to, int c, int hw, UnfoldPlan plan, double[] gx) {
    int[][] tables = plan.tables();
    int kk = tables.length, ohw = tables[0].length;
    double[] plane = new double[hw + 1], shifted = plan.shifts() != null ? new double[hw] : null;
    for (int s = from; s < to; s++)
      for (int ch = 0; ch < c; ch++) {
        int xc = (s * c + ch) * hw, base = s * ohw;
        System.arraycopy(gx, xc, plane, 0, hw);
        for (int t = kk - 1; t >= 0; t--) {
          double[] col = cols[ch * kk + t];
          if (shifted != null) {
            int d = plan.shifts()[t], lo = Math.max(0, -d), hi = Math.min(hw, hw - d);
            System.arraycopy(col, base + lo, shifted, lo + d, hi - lo);
            for (int q : plan.deadPixels()[t]) shifted[q] = -0.0;
            for (int q = 0; q < hw; q++) plane[q] += shifted[q];
          } else {
            int[] idx = tables[t];
            for (int p = 0; p < ohw; p++) plane[idx[p]] += col[base + p];
          }
        }
        System.arraycopy(plane, 0, gx, xc, hw);
      }
  }
}
