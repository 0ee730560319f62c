package insitu.runtime.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Wᵀ·g in the column layout equals the plain sum over the outputs in order, bit for bit, however the rows are paired. */
class ColumnProductsTest {
  @Test
  void transposedProductsAreTheOrderedSums() {
    SplittableRandom r = new SplittableRandom(11);
    for (int nOut : new int[] {1, 2, 3, 4, 5, 7, 8, 13}) {
      for (int k : new int[] {1, 2, 5, 6}) {
        int cols = 37, from = 3, to = 34;
        double[] w = new double[nOut * k];
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        w[0] = -w[0] * 1e-300; // tiny and signed terms: any reordering would show
        double[][] g = new double[nOut][cols];
        for (double[] row : g) for (int c = 0; c < cols; c++) row[c] = r.nextDouble(-1e3, 1e3) * (c % 5 == 0 ? 1e-12 : 1);
        double[][] got = new double[k][cols];
        for (double[] row : got) java.util.Arrays.fill(row, 42.0);
        ColumnProducts.transposedProducts(w, g, nOut, k, from, to, got);
        for (int i = 0; i < k; i++) {
          for (int c = 0; c < cols; c++) {
            double want = 42.0;
            if (c >= from && c < to) {
              want = 0.0;
              for (int o = 0; o < nOut; o++) want = want + w[o * k + i] * g[o][c];
            }
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got[i][c]), nOut + " outputs, row " + i + ", column " + c);
          }
        }
      }
    }
  }
}
