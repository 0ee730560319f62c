package insitu.boards.sim;

/**
 * The arithmetic of a physical MVM ({@code SimulatedBoard.physicalMvm}) under differential drive
 * in the column layout: vector b drives +v[p][b] on a pair's first row and −v[p][b] on its second,
 * and output j of vector b is s + √(σ_rel²·q + σ_abs²·vv)·z with s = Σᵢ Gᵢ·vᵢ, q = Σᵢ (Gᵢ·vᵢ)² and
 * vv = Σᵢ vᵢ², every sum over the region's rows in order. The same operations in the same order as
 * the row-layout path, so the currents are the same bit for bit, but with the batch as the
 * unit-stride axis, where HotSpot vectorizes them, and in independent ranges of vectors.
 */
final class PhysicalColumnSums {
  /** Columns per tile: a tile's running sums stay in L1 while the pairs stream past. */
  private static final int TILE = 256;

  private PhysicalColumnSums() {}

  /**
   * Outputs of vectors from..to into out[j][b].
   *
   * @param gt conductances seen by this call, gt[j·rows + i] (rows = 2·pairs, region order)
   * @param z one standard normal per output, z[b·nc + j] (null when the board has no read noise)
   * @param s scratch of at least {@code to} values, as are {@code q} and {@code vv}; only [from, to) is used
   */
  static void compute(double[] gt, double[][] v, int pairs, int nc, double rel2, double abs2, double[] z, int from, int to, double[][] out,
                      double[] s, double[] q, double[] vv) {
    int rows = 2 * pairs;
    for (int b0 = from; b0 < to; b0 += TILE) {
      int b1 = Math.min(to, b0 + TILE);
      java.util.Arrays.fill(vv, b0, b1, 0);
      if (abs2 > 0)
        for (int p = 0; p < pairs; p++) {
          double[] x = v[p];
          for (int b = b0; b < b1; b++) {
            double u = x[b], w = -u, t = vv[b];
            t += u * u;
            t += w * w;
            vv[b] = t;
          }
        }
      for (int j = 0; j < nc; j++) {
        java.util.Arrays.fill(s, b0, b1, 0);
        java.util.Arrays.fill(q, b0, b1, 0);
        int gj = j * rows;
        for (int p = 0; p < pairs; p++) {
          double gPlus = gt[gj + 2 * p], gMinus = gt[gj + 2 * p + 1];
          double[] x = v[p];
          for (int b = b0; b < b1; b++) {
            double plus = gPlus * x[b], minus = gMinus * -x[b], sb = s[b], qb = q[b];
            sb += plus;
            qb += plus * plus;
            sb += minus;
            qb += minus * minus;
            s[b] = sb;
            q[b] = qb;
          }
        }
        double[] o = out[j];
        if (z == null) System.arraycopy(s, b0, o, b0, b1 - b0);
        else for (int b = b0; b < b1; b++) o[b] = s[b] + Math.sqrt(rel2 * q[b] + abs2 * vv[b]) * z[b * nc + j];
      }
    }
  }
}
