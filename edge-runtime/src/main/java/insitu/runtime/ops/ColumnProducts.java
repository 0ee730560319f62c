package insitu.runtime.ops;

import insitu.boards.numeric.OrderedSweeps;

/**
 * The two backward products of a layer whose vectors are stored as columns ({@code x[i][r]} is
 * element i of vector r): the weight gradient Σ_r g[o][r]·x[i][r] and the input gradient Wᵀ·g.
 * Every sum runs over its terms in a fixed order (r ascending, o ascending), one multiply and one
 * add per term, so results do not depend on blocking or on the number of cores.
 */
final class ColumnProducts {
  private ColumnProducts() {}

  /**
   * part[o·k + i] = Σ_{r ∈ [from, to)} g[o][r]·x[i][r], a fresh array. Four outputs and four inputs
   * per sweep give up to sixteen independent running sums (each sum itself stays sequential in r).
   */
  static double[] outerSums(double[][] g, double[][] x, int nOut, int k, int from, int to) {
    double[] part = new double[nOut * k];
    int o = 0;
    for (; o + 3 < nOut; o += 4) {
      double[] q0 = g[o], q1 = g[o + 1], q2 = g[o + 2], q3 = g[o + 3];
      int i = 0;
      for (; i + 3 < k; i += 4) {
        // Sixteen running sums: loads of four inputs and four gradients feed sixteen products.
        double[] xa = x[i], xb = x[i + 1], xc = x[i + 2], xd = x[i + 3];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        for (int r = from; r < to; r++) {
          double u = xa[r], v = xb[r], w = xc[r], z = xd[r], g0 = q0[r], g1 = q1[r], g2 = q2[r], g3 = q3[r];
          a0 += g0 * u; a1 += g1 * u; a2 += g2 * u; a3 += g3 * u;
          b0 += g0 * v; b1 += g1 * v; b2 += g2 * v; b3 += g3 * v;
          c0 += g0 * w; c1 += g1 * w; c2 += g2 * w; c3 += g3 * w;
          d0 += g0 * z; d1 += g1 * z; d2 += g2 * z; d3 += g3 * z;
        }
        part[o * k + i] = a0; part[(o + 1) * k + i] = a1; part[(o + 2) * k + i] = a2; part[(o + 3) * k + i] = a3;
        part[o * k + i + 1] = b0; part[(o + 1) * k + i + 1] = b1; part[(o + 2) * k + i + 1] = b2; part[(o + 3) * k + i + 1] = b3;
        part[o * k + i + 2] = c0; part[(o + 1) * k + i + 2] = c1; part[(o + 2) * k + i + 2] = c2; part[(o + 3) * k + i + 2] = c3;
        part[o * k + i + 3] = d0; part[(o + 1) * k + i + 3] = d1; part[(o + 2) * k + i + 3] = d2; part[(o + 3) * k + i + 3] = d3;
      }
      for (; i + 1 < k; i += 2) {
        double[] xa = x[i], xb = x[i + 1];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (int r = from; r < to; r++) {
          double u = xa[r], v = xb[r], g0 = q0[r], g1 = q1[r], g2 = q2[r], g3 = q3[r];
          a0 += g0 * u; a1 += g1 * u; a2 += g2 * u; a3 += g3 * u;
          b0 += g0 * v; b1 += g1 * v; b2 += g2 * v; b3 += g3 * v;
        }
        part[o * k + i] = a0; part[(o + 1) * k + i] = a1; part[(o + 2) * k + i] = a2; part[(o + 3) * k + i] = a3;
        part[o * k + i + 1] = b0; part[(o + 1) * k + i + 1] = b1; part[(o + 2) * k + i + 1] = b2; part[(o + 3) * k + i + 1] = b3;
      }
      for (; i < k; i++) {
        double[] xa = x[i];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int r = from; r < to; r++) {
          double u = xa[r];
          a0 += q0[r] * u; a1 += q1[r] * u; a2 += q2[r] * u; a3 += q3[r] * u;
        }
        part[o * k + i] = a0; part[(o + 1) * k + i] = a1; part[(o + 2) * k + i] = a2; part[(o + 3) * k + i] = a3;
      }
    }
    // Remaining outputs: four inputs per sweep, so four sums run side by side (one sum alone waits
    // on its own additions).
    for (; o < nOut; o++) {
      double[] go = g[o];
      int i = 0;
      for (; i + 3 < k; i += 4) {
        double[] xa = x[i], xb = x[i + 1], xc = x[i + 2], xd = x[i + 3];
        double a = 0, b = 0, c = 0, d = 0;
        for (int r = from; r < to; r++) {
          double q = go[r];
          a += q * xa[r]; b += q * xb[r]; c += q * xc[r]; d += q * xd[r];
        }
        part[o * k + i] = a; part[o * k + i + 1] = b; part[o * k + i + 2] = c; part[o * k + i + 3] = d;
      }
      for (; i < k; i++) {
        double[] xi = x[i];
        double a = 0;
        for (int r = from; r < to; r++) a += go[r] * xi[r];
        part[o * k + i] = a;
      }
    }
    return part;
  }

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
