package insitu.runtime.ops;

/**
 * The two backward products of a layer whose vectors are stored as columns (element i of vector r
 * at [i·rows + r]): the weight gradient Σ_r g[o][r]·x[i][r] and the input gradient Wᵀ·g. Every
 * sum runs over its terms in a fixed order (r ascending, o ascending), one multiply and one add
 * per term, so results do not depend on blocking or on the number of cores.
 */
final class ColumnProducts {
  private ColumnProducts() {}

  /**
   * part[o·k + i] = Σ_{r ∈ [from, to)} g[o][r]·x[i][r], a fresh array. Four outputs and two inputs
   * per sweep give eight independent running sums (the sums themselves stay sequential in r).
   */
  static double[] outerSums(double[] g, double[] x, int rows, int nOut, int k, int from, int to) {
    double[] part = new double[nOut * k];
    int o = 0;
    for (; o + 3 < nOut; o += 4) {
      int g0 = o * rows, g1 = g0 + rows, g2 = g1 + rows, g3 = g2 + rows;
      int i = 0;
      for (; i + 1 < k; i += 2) {
        int xa = i * rows, xb = xa + rows;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (int r = from; r < to; r++) {
          double u = x[xa + r], v = x[xb + r];
          double q0 = g[g0 + r], q1 = g[g1 + r], q2 = g[g2 + r], q3 = g[g3 + r];
          a0 += q0 * u; a1 += q1 * u; a2 += q2 * u; a3 += q3 * u;
          b0 += q0 * v; b1 += q1 * v; b2 += q2 * v; b3 += q3 * v;
        }
        part[o * k + i] = a0; part[(o + 1) * k + i] = a1; part[(o + 2) * k + i] = a2; part[(o + 3) * k + i] = a3;
        part[o * k + i + 1] = b0; part[(o + 1) * k + i + 1] = b1; part[(o + 2) * k + i + 1] = b2; part[(o + 3) * k + i + 1] = b3;
      }
      for (; i < k; i++) {
        int xa = i * rows;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int r = from; r < to; r++) {
          double u = x[xa + r];
          a0 += g[g0 + r] * u; a1 += g[g1 + r] * u; a2 += g[g2 + r] * u; a3 += g[g3 + r] * u;
        }
        part[o * k + i] = a0; part[(o + 1) * k + i] = a1; part[(o + 2) * k + i] = a2; part[(o + 3) * k + i] = a3;
      }
    }
    for (; o < nOut; o++) {
      int go = o * rows;
      for (int i = 0; i < k; i++) {
        int xa = i * rows;
        double a = 0;
        for (int r = from; r < to; r++) a += g[go + r] * x[xa + r];
        part[o * k + i] = a;
      }
    }
    return part;
  }

  /**
   * gx[i][r] = Σ_o w[o·k + i]·g[o][r] for r ∈ [from, to) (overwritten), outputs in order. Four
   * outputs per sweep keep the running sum in a register, adding them one at a time.
   */
  static void transposedProducts(double[] w, double[] g, int rows, int nOut, int k, int from, int to, double[] gx) {
    for (int i = 0; i < k; i++) {
      int xi = i * rows;
      java.util.Arrays.fill(gx, xi + from, xi + to, 0);
      int o = 0;
      for (; o + 3 < nOut; o += 4) {
        double w0 = w[o * k + i], w1 = w[(o + 1) * k + i], w2 = w[(o + 2) * k + i], w3 = w[(o + 3) * k + i];
        int g0 = o * rows, g1 = g0 + rows, g2 = g1 + rows, g3 = g2 + rows;
        for (int r = from; r < to; r++) {
          double s = gx[xi + r];
          s += w0 * g[g0 + r];
          s += w1 * g[g1 + r];
          s += w2 * g[g2 + r];
          s += w3 * g[g3 + r];
          gx[xi + r] = s;
        }
      }
      for (; o < nOut; o++) {
        double wo = w[o * k + i];
        int go = o * rows;
        for (int r = from; r < to; r++) gx[xi + r] += wo * g[go + r];
      }
    }
  }
}
