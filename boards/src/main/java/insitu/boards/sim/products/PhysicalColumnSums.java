package insitu.boards.sim.products;

/**
 * The arithmetic of a physical MVM ({@code DeviceReadout.rows}) under differential drive
 * in the column layout: vector b drives +v[p][b] on a pair's first row and −v[p][b] on its second,
 * and output j of vector b is s + √(σ_rel²·q + σ_abs²·vv)·z with s = Σᵢ Gᵢ·vᵢ, q = Σᵢ (Gᵢ·vᵢ)² and
 * vv = Σᵢ vᵢ², every sum over the region's rows in order. The same operations in the same order as
 * the row-layout path, so the currents are the same bit for bit, but with the batch as the
 * unit-stride axis, where HotSpot vectorizes them, and in independent ranges of vectors. The sums
 * need no noise, so they can run while the generator draws it.
 */
public final class PhysicalColumnSums {
  /** Columns per tile: a tile's running sums stay in L1 while the pairs stream past. */
  private static final int TILE = 256;

  private PhysicalColumnSums() {}

  /**
   * s[j][b], q[j][b] and (when σ_abs > 0) vv[b] for vectors from..to.
   *
   * @param gt conductances seen by this call, gt[j·rows + i] (rows = 2·pairs, region order)
   */
  public static void sums(double[] gt, double[][] v, int pairs, int nc, double abs2, int from, int to, double[][] s, double[][] q, double[] vv) {
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
        double[] sj = s[j], qj = q[j];
        java.util.Arrays.fill(sj, b0, b1, 0);
        java.util.Arrays.fill(qj, b0, b1, 0);
        int gj = j * rows;
        for (int p = 0; p < pairs; p++) {
          double gPlus = gt[gj + 2 * p], gMinus = gt[gj + 2 * p + 1];
          double[] x = v[p];
          for (int b = b0; b < b1; b++) {
            double plus = gPlus * x[b], minus = gMinus * -x[b], sb = sj[b], qb = qj[b];
            sb += plus;
            qb += plus * plus;
            sb += minus;
            qb += minus * minus;
            sj[b] = sb;
            qj[b] = qb;
          }
        }
      }
    }
  }

  /**
   * out[j][b] = s + √(σ_rel²·q + σ_abs²·vv)·z[b·nc + j] for vectors from..to, or s when z is null
   * (no read noise).
   */
  public static void currents(double[][] s, double[][] q, double[] vv, double rel2, double abs2, double[] z, int nc, int from, int to, double[][] out) {
    for (int j = 0; j < nc; j++) {
      double[] o = out[j], sj = s[j], qj = q[j];
      if (z == null) System.arraycopy(sj, from, o, from, to - from);
      else for (int b = from; b < to; b++) o[b] = sj[b] + Math.sqrt(rel2 * qj[b] + abs2 * vv[b]) * z[b * nc + j];
    }
  }
}
