package insitu.runtime.ops;

import insitu.boards.numeric.OrderedSweeps;

/**
 * The input gradient Wᵀ·g of a layer whose vectors are stored as columns ({@code x[i][r]} is
 * element i of vector r); its weight gradient is {@link insitu.boards.numeric.LaneDots}. Every sum
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
    for (int i = 0; i < k; i++) {
      double[] xi = gx[i];
      int o = 0;
      if (nOut >= 4) {
        OrderedSweeps.firstFour(xi, g[0], g[1], g[2], g[3], w[i], w[k + i], w[2 * k + i], w[3 * k + i], from, to);
        o = 4;
      } else {
        java.util.Arrays.fill(xi, from, to, 0);
      }
      for (; o + 3 < nOut; o += 4) {
        double w0 = w[o * k + i], w1 = w[(o + 1) * k + i], w2 = w[(o + 2) * k + i], w3 = w[(o + 3) * k + i];
        OrderedSweeps.addFour(xi, g[o], g[o + 1], g[o + 2], g[o + 3], w0, w1, w2, w3, from, to);
      }
      for (; o < nOut; o++) {
        double wo = w[o * k + i];
        double[] go = g[o];
        for (int r = from; r < to; r++) xi[r] += wo * go[r];
      }
    }
  }
}
