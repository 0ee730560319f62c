package insitu.runtime.ops;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.PatchGeometry;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The host's column-layout im2col is the board's patches ({@link PatchGeometry#patches}, the row
 * layout) transposed, and its adjoint adds in the same order.
 */
class Im2ColTest {
  private record Geometry(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pl, int pb, int pr, int dh, int dw) {
    int oh() { return (h + pt + pb - dh * (kh - 1) - 1) / sh + 1; }
    int ow() { return (w + pl + pr - dw * (kw - 1) - 1) / sw + 1; }
  }

  private static final Geometry[] CASES = {
      new Geometry(2, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),   // the paper's conv1
      new Geometry(3, 15, 8, 8, 2, 2, 1, 1, 0, 0, 1, 1, 1, 1),  // conv2, padded after
      new Geometry(2, 3, 9, 7, 3, 2, 2, 3, 2, 0, 1, 2, 1, 1),   // strides, uneven padding
      new Geometry(1, 2, 10, 11, 3, 3, 1, 2, 2, 2, 2, 2, 2, 2), // dilation
      new Geometry(2, 2, 5, 5, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1),   // one output position
      new Geometry(3, 2, 5, 7, 5, 3, 1, 1, 2, 1, 2, 1, 1, 1),   // "same", not square: unfolds by shifting
      new Geometry(2, 2, 9, 6, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2),   // "same" with dilation 2: shifts too
  };

  @Test
  void sameConvolutionsUnfoldByShiftingAndOthersByGathering() {
    for (Geometry g : CASES) {
      boolean same = g.sh == 1 && g.sw == 1 && g.oh() == g.h && g.ow() == g.w;
      assertEquals(same, UnfoldPlan.of(tables(g), g.h * g.w).shifts() != null, g.toString());
    }
  }

  @Test
  void columnsAreTheTransposedRows() {
    SplittableRandom r = new SplittableRandom(1);
    for (Geometry g : CASES) {
      double[] x = random(r, g.n * g.c * g.h * g.w);
      int k = g.c * g.kh * g.kw, rows = g.n * g.oh() * g.ow();
      double[] byRow = new double[rows * k];
      PatchGeometry p = geometry(g);
      p.patches(x, 0, g.n, byRow, 0, new double[p.scratchSize()]);
      double[][] byCol = new double[k][rows];
      // In ranges of 7 columns, which start and end in the middle of samples.
      for (int from = 0; from < rows; from += 7) Im2Col.im2colColumns(x, from, Math.min(rows, from + 7), g.c, g.h * g.w, tables(g), byCol);
      for (int q = 0; q < rows; q++) for (int i = 0; i < k; i++) assertEquals(byRow[q * k + i], byCol[i][q], g + " position " + q + " element " + i);
    }
  }

  @Test
  void col2imByColumnsAddsInTheSameOrderBitForBit() {
    SplittableRandom r = new SplittableRandom(2);
    for (Geometry g : CASES) {
      int k = g.c * g.kh * g.kw, rows = g.n * g.oh() * g.ow();
      double[] cols = random(r, rows * k), start = random(r, g.n * g.c * g.h * g.w);
      double[][] colsT = new double[k][rows];
      for (int q = 0; q < rows; q++) for (int i = 0; i < k; i++) colsT[i][q] = cols[q * k + i];
      double[] a = start.clone(), b = start.clone();
      Im2Col.col2im(cols, g.n, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.oh(), g.ow(), a);
      Im2Col.col2imColumns(colsT, 0, g.n, g.c, g.h * g.w, tables(g), b);
      assertArrayEquals(a, b, g.toString()); // exact: same terms, same order
    }
  }

  /** The input gradient by shifted output gradients equals Wᵀ·g then col2im, bit for bit. */
  @Test
  void shiftedInputGradientsEqualProductsThenCol2im() {
    SplittableRandom r = new SplittableRandom(3);
    int checked = 0;
    for (Geometry g : CASES) {
      UnfoldPlan plan = UnfoldPlan.of(tables(g), g.h * g.w);
      if (plan.shifts() == null) continue;
      for (int nOut : new int[] {1, 3, 4, 6, 9, 12}) {
        int kk = g.kh * g.kw, k = g.c * kk, hw = g.h * g.w, rows = g.n * hw;
        double[] w = random(r, nOut * k), start = random(r, g.n * g.c * hw);
        start[0] = -0.0; // a −0.0 already in the gradient: both paths treat it alike
        double[][] grad = new double[nOut][];
        for (int o = 0; o < nOut; o++) grad[o] = random(r, rows);
        double[] want = start.clone(), got = start.clone();
        double[][] patches = new double[k][rows];
        ColumnProducts.transposedProducts(w, grad, nOut, k, 0, rows, patches);
        Im2Col.col2imColumns(patches, 0, g.n, g.c, hw, plan, want);
        // Two chunks of samples, as the kernel splits them over cores.
        // Buffers full of what an earlier call left: nothing may be read before it is written.
        double[][] shifted = new double[kk * nOut][rows], acc = new double[g.c][rows];
        for (double[] row : shifted) java.util.Arrays.fill(row, Double.NaN);
        for (double[] row : acc) java.util.Arrays.fill(row, Double.NaN);
        double[][] tmp = new double[2][rows];
        for (double[] row : tmp) java.util.Arrays.fill(row, Double.NaN);
        int half = g.n / 2;
        ColumnProducts.shiftedInputGradients(w, grad, nOut, g.c, hw, plan, 0, half, shifted, acc, tmp, got, false);
        ColumnProducts.shiftedInputGradients(w, grad, nOut, g.c, hw, plan, half, g.n, shifted, acc, tmp, got, false);
        assertArrayEquals(want, got, g + ", " + nOut + " outputs");
        // Onto a gradient nothing has written yet: as if onto zeros, whatever the array held.
        double[] zeros = new double[start.length], wantFresh = zeros.clone(), fresh = random(r, start.length);
        Im2Col.col2imColumns(patches, 0, g.n, g.c, hw, plan, wantFresh);
        ColumnProducts.shiftedInputGradients(w, grad, nOut, g.c, hw, plan, 0, g.n, shifted, acc, tmp, fresh, true);
        assertArrayEquals(wantFresh, fresh, g + ", " + nOut + " outputs, overwriting");
        // Zero gradients under negative weights: every term is −0.0, the sums +0.0, as the general path gives.
        double[][] zeroGrad = new double[nOut][rows];
        double[] negative = w.clone(), zeroWant = new double[start.length], zeroGot = random(r, start.length);
        for (int q = 0; q < negative.length; q++) negative[q] = -Math.abs(negative[q]);
        ColumnProducts.transposedProducts(negative, zeroGrad, nOut, k, 0, rows, patches);
        Im2Col.col2imColumns(patches, 0, g.n, g.c, hw, plan, zeroWant);
        ColumnProducts.shiftedInputGradients(negative, zeroGrad, nOut, g.c, hw, plan, 0, g.n, shifted, acc, tmp, zeroGot, true);
        assertArrayEquals(zeroWant, zeroGot, g + ", " + nOut + " outputs, zero gradients");
        assertEquals(Double.doubleToRawLongBits(want[0]), Double.doubleToRawLongBits(got[0]), "sign of a zero");
        checked++;
      }
    }
    assertTrue(checked >= 10, "shift geometries checked: " + checked);
  }

  private static int[][] tables(Geometry g) {
    return geometry(g).gatherTables();
  }

  private static PatchGeometry geometry(Geometry g) {
    return new PatchGeometry(g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.pb, g.pr, g.dh, g.dw);
  }

  private static double[] random(SplittableRandom r, int n) {
    double[] v = new double[n];
    // Wide magnitudes make a reordered sum show up in the last bits.
    for (int i = 0; i < n; i++) v[i] = (r.nextDouble() - 0.5) * Math.exp(10 * r.nextDouble());
    return v;
  }
}
