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
   * o[b] = ((((0.0 + g0·v0[b]) + g1·v1[b]) + g2·v2[b]) + g3·v3[b]: {@link #addFour} onto zeros,
   * without zeroing o first (adding to +0.0 is what a sum started at zero does).
   */
  public static void firstFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                               int from, int to) {
    sumOfFour(o, v0, v1, v2, v3, g0, g1, g2, g3, from, to, false);
  }

  /**
   * o[b] += ((((0.0 + g0·v0[b]) + g1·v1[b]) + g2·v2[b]) + g3·v3[b]): a {@link #firstFour} sum,
   * added to o without being stored first.
   */
  public static void addSumOfFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                                  int from, int to) {
    sumOfFour(o, v0, v1, v2, v3, g0, g1, g2, g3, from, to, true);
  }

  /** The sum of four terms onto +0.0, stored or added to o (a constant at each call: C2 keeps one loop per use). */
  private static void sumOfFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                                int from, int to, boolean add) {
    for (int b = from; b < to; b++) {
      double s = 0.0;
      s += g0 * v0[b];
      s += g1 * v1[b];
      s += g2 * v2[b];
      s += g3 * v3[b];
      o[b] = add ? o[b] + s : s;
    }
  }
}
