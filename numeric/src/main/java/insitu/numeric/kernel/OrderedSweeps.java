package insitu.numeric.kernel;

/**
 * The multiply-add sweep that both the simulator's MVM and the runtime's backward products are
 * built from: four terms added to a running sum one at a time, in order, with one multiply and one
 * add each (no fused multiply-add), so a result never depends on how a caller blocks its work.
 * Java evaluates {@code s + a·x + b·y} left to right, so each sum below is written as the one
 * expression its order is.
 * Every array is indexed by the loop variable alone, which is what lets HotSpot vectorize it.
 */
public final class OrderedSweeps {
  private OrderedSweeps() {}

  /** o[b] = (((o[b] + g0·v0[b]) + g1·v1[b]) + g2·v2[b]) + g3·v3[b] for b in [from, to). */
  public static void addFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                             int from, int to) {
    for (int b = from; b < to; b++) o[b] = o[b] + g0 * v0[b] + g1 * v1[b] + g2 * v2[b] + g3 * v3[b];
  }

  /**
   * o[b] = ((((0.0 + g0·v0[b]) + g1·v1[b]) + g2·v2[b]) + g3·v3[b]: {@link #addFour} onto zeros,
   * without zeroing o first (adding to +0.0 is what a sum started at zero does).
   *
   * <p>Every sweep here is its own loop, even where two differ by one term: a flag inside a loop
   * leaves C2 a conditional move per element, which it does not vectorize.
   */
  public static void firstFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                               int from, int to) {
    for (int b = from; b < to; b++) o[b] = 0.0 + g0 * v0[b] + g1 * v1[b] + g2 * v2[b] + g3 * v3[b];
  }

  /**
   * o[b] += ((((0.0 + g0·v0[b]) + g1·v1[b]) + g2·v2[b]) + g3·v3[b]): a {@link #firstFour} sum,
   * added to o without being stored first.
   */
  public static void addSumOfFour(double[] o, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1, double g2, double g3,
                                  int from, int to) {
    for (int b = from; b < to; b++) o[b] += 0.0 + g0 * v0[b] + g1 * v1[b] + g2 * v2[b] + g3 * v3[b];
  }

  /**
   * {@link #firstFour} of two outputs over the same four input rows in one sweep: o0 with weights
   * g0..g3, o1 with h0..h3. The inputs are read once for both, which saves memory traffic in the
   * simulator's product; each output's sum keeps its order.
   */
  public static void firstFourTwice(double[] o0, double[] o1, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1,
                                    double g2, double g3, double h0, double h1, double h2, double h3, int from, int to) {
    for (int b = from; b < to; b++) {
      double p0 = v0[b], p1 = v1[b], p2 = v2[b], p3 = v3[b];
      o0[b] = 0.0 + g0 * p0 + g1 * p1 + g2 * p2 + g3 * p3;
      o1[b] = 0.0 + h0 * p0 + h1 * p1 + h2 * p2 + h3 * p3;
    }
  }

  /** {@link #addFour} of two outputs over the same four input rows in one sweep (see {@link #firstFourTwice}). */
  public static void addFourTwice(double[] o0, double[] o1, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1,
                                  double g2, double g3, double h0, double h1, double h2, double h3, int from, int to) {
    for (int b = from; b < to; b++) {
      double p0 = v0[b], p1 = v1[b], p2 = v2[b], p3 = v3[b];
      o0[b] = o0[b] + g0 * p0 + g1 * p1 + g2 * p2 + g3 * p3;
      o1[b] = o1[b] + h0 * p0 + h1 * p1 + h2 * p2 + h3 * p3;
    }
  }

  /**
   * {@link #addSumOfFour} of two outputs over the same four input rows in one sweep: o0 with
   * weights g0..g3, o1 with h0..h3; the inputs are read once for both.
   */
  public static void addSumOfFourTwice(double[] o0, double[] o1, double[] v0, double[] v1, double[] v2, double[] v3, double g0, double g1,
                                       double g2, double g3, double h0, double h1, double h2, double h3, int from, int to) {
    for (int b = from; b < to; b++) {
      double p0 = v0[b], p1 = v1[b], p2 = v2[b], p3 = v3[b];
      o0[b] += 0.0 + g0 * p0 + g1 * p1 + g2 * p2 + g3 * p3;
      o1[b] += 0.0 + h0 * p0 + h1 * p1 + h2 * p2 + h3 * p3;
    }
  }
}
