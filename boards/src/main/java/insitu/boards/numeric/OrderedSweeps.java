package insitu.boards.numeric;

/**
 * The multiply-add sweep that both the simulator's MVM and the runtime's backward products are
 * built from: four terms added to a running sum one at a time, in order, with one multiply and one
 * add each (no fused multiply-add), so a result never depends on how a caller blocks its work.
 * Every array is indexed by the loop variable alone, which is what lets HotSpot vectorize it.
 */
public final class OrderedSweeps {
  private OrderedSweeps() {}

  /** o[b] = (((o[b] + g0·v0[b]) + g1·v1[b]) + g2·v2[b]) + g3·v3[b] for b in [from, to). */
  public static void addFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                             int from, int to) {
    for (int b = from; b < to; b++) {
      double s = o[b];
      s += g0 * v0[b];
      s += g1 * v1[b];
      s += g2 * v2[b];
      s += g3 * v3[b];
      o[b] = s;
    }
  }

  /**
   * Four outputs at once, each over the same four inputs: o_j[b] = ((((o_j[b] + g[j][0]·v0[b]) +
   * g[j][1]·v1[b]) + g[j][2]·v2[b]) + g[j][3]·v3[b]), g row-major 4×4 from {@code gOffset} with
   * row stride {@code gStride}. Each input is loaded once for four outputs; every output still adds
   * its terms one at a time in input order, exactly as {@link #addFour} would.
   */
  public static void addFourByFour(double[] o0, double[] o1, double[] o2, double[] o3, double[] v0, double[] v1, double[] v2, double[] v3,
                                   double[] g, int gOffset, int gStride, int from, int to) {
    int r0 = gOffset, r1 = r0 + gStride, r2 = r1 + gStride, r3 = r2 + gStride;
    double a0 = g[r0], a1 = g[r0 + 1], a2 = g[r0 + 2], a3 = g[r0 + 3];
    double b0 = g[r1], b1 = g[r1 + 1], b2 = g[r1 + 2], b3 = g[r1 + 3];
    double c0 = g[r2], c1 = g[r2 + 1], c2 = g[r2 + 2], c3 = g[r2 + 3];
    double d0 = g[r3], d1 = g[r3 + 1], d2 = g[r3 + 2], d3 = g[r3 + 3];
    for (int b = from; b < to; b++) {
      double x0 = v0[b], x1 = v1[b], x2 = v2[b], x3 = v3[b];
      double s = o0[b];
      s += a0 * x0; s += a1 * x1; s += a2 * x2; s += a3 * x3;
      o0[b] = s;
      s = o1[b];
      s += b0 * x0; s += b1 * x1; s += b2 * x2; s += b3 * x3;
      o1[b] = s;
      s = o2[b];
      s += c0 * x0; s += c1 * x1; s += c2 * x2; s += c3 * x3;
      o2[b] = s;
      s = o3[b];
      s += d0 * x0; s += d1 * x1; s += d2 * x2; s += d3 * x3;
      o3[b] = s;
    }
  }
}
