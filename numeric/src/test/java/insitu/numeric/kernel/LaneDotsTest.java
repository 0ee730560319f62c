package insitu.numeric.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LaneDotsTest {
  /** The order LaneDots defines, written as plainly as possible. */
  private static double[] definition(double[][] g, double[][] x, int nOut, int k, int from, int to) {
    double[] part = new double[nOut * k];
    int full = (to - from) / 4 * 4;
    for (int o = 0; o < nOut; o++)
      for (int i = 0; i < k; i++) {
        double[] lane = new double[4];
        for (int m = 0; m < full; m++) lane[m % 4] += g[o][from + m] * x[i][from + m];
        double s = (lane[0] + lane[1]) + (lane[2] + lane[3]);
        for (int r = from + full; r < to; r++) s += g[o][r] * x[i][r];
        part[o * k + i] = s;
      }
    return part;
  }

  private static double[][] rows(int count, int length, SplittableRandom rnd) {
    double[][] a = new double[count][length];
    // Magnitudes over many decades, so a changed order would change the rounding.
    for (double[] row : a) for (int r = 0; r < length; r++) row[r] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-6, 7));
    return a;
  }

  @Test
  void bothImplementationsFollowTheDefinitionBitForBit() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[] outs = {1, 2, 3, 4, 5, 7, 15}, ins = {1, 2, 3, 4, 5, 9, 60}, lengths = {0, 1, 3, 4, 5, 7, 64, 803};
    for (int nOut : outs)
      for (int k : ins)
        for (int n : lengths)
          for (int from : new int[] {0, 3}) {
            double[][] g = rows(nOut, from + n + 2, rnd), x = rows(k, from + n + 2, rnd);
            double[] want = definition(g, x, nOut, k, from, from + n);
            String at = nOut + "×" + k + " over " + from + ".." + (from + n);
            assertArrayEquals(want, LaneDots.scalarOuterSums(g, x, nOut, k, from, from + n), 0.0, "scalar " + at);
            assertArrayEquals(want, LaneDots.outerSums(VectorTrials.none(), g, x, nOut, k, from, from + n), 0.0, at);
            if (LaneDots.vectorized()) assertArrayEquals(want, VectorLaneDots.outerSums(g, x, nOut, k, from, from + n), 0.0, "vector " + at);
          }
  }

  @Test
  void sumsAreExactWhereEveryTermIsAnExactInteger() {
    int n = 1001;
    double[][] g = new double[5][n], x = new double[6][n];
    for (int r = 0; r < n; r++) {
      for (int o = 0; o < 5; o++) g[o][r] = o + 1;
      for (int i = 0; i < 6; i++) x[i][r] = r - 500 * i;
    }
    double[] part = LaneDots.vectorized() ? VectorLaneDots.outerSums(g, x, 5, 6, 0, n) : LaneDots.scalarOuterSums(g, x, 5, 6, 0, n);
    for (int o = 0; o < 5; o++)
      for (int i = 0; i < 6; i++) {
        long want = 0;
        for (int r = 0; r < n; r++) want += (long) (o + 1) * (r - 500L * i);
        assertEquals(want, part[o * 6 + i], 0.0, "sum " + o + "," + i);
      }
  }

  @Test
  void nanAndInfinityReachOnlyTheirSums() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[][] g = rows(4, 40, rnd), x = rows(4, 40, rnd);
    g[1][17] = Double.NaN;
    x[2][38] = Double.POSITIVE_INFINITY; // in the tail: 36..39 are added one by one
    double[][] results = LaneDots.vectorized()
        ? new double[][] {LaneDots.scalarOuterSums(g, x, 4, 4, 0, 39), VectorLaneDots.outerSums(g, x, 4, 4, 0, 39)}
        : new double[][] {LaneDots.scalarOuterSums(g, x, 4, 4, 0, 39)};
    for (double[] part : results)
      for (int o = 0; o < 4; o++)
        for (int i = 0; i < 4; i++) {
          double v = part[o * 4 + i];
          if (o == 1) assertTrue(Double.isNaN(v), "NaN in output 1 reaches " + o + "," + i);
          else if (i == 2) assertTrue(Double.isInfinite(v) || Double.isNaN(v), "∞ in input 2 reaches " + o + "," + i);
          else assertTrue(Double.isFinite(v), o + "," + i + " stays finite");
        }
  }

  /**
   * Before, during and after the trial, whichever kernel it lets run gives the scalar sums bit for
   * bit. When the trial switches depends on the machine's speed, so nothing here waits for it: the
   * vector kernel's own bits are checked directly above, trial or not.
   */
  @Test
  void whicheverKernelTheTrialLetsRunGivesTheScalarBits() {
    org.junit.jupiter.api.Assumptions.assumeTrue(LaneDots.vectorized(), "no jdk.incubator.vector or no 256-bit vectors here");
    try (VectorTrials trials = new VectorTrials()) {
      double[][] g = rows(3, 301, new SplittableRandom(9)), x = rows(5, 301, new SplittableRandom(10));
      double[] want = LaneDots.scalarOuterSums(g, x, 3, 5, 0, 301);
      for (int round = 0; round < 200; round++) assertArrayEquals(want, LaneDots.outerSums(trials, g, x, 3, 5, 0, 301), 0.0, "round " + round);
    }
  }

  /** Trials that never start keep the scalar kernel; closed trials stop their thread. */
  @Test
  void trialsBelongToTheirOwner() throws InterruptedException {
    double[][] g = new double[4][64], x = new double[4][64];
    VectorTrials none = VectorTrials.none();
    LaneDots.outerSums(none, g, x, 4, 4, 0, 64);
    assertTrue(!LaneDots.vectorInUse(none) && trialThreads() == 0, "no trial ran");
    org.junit.jupiter.api.Assumptions.assumeTrue(LaneDots.vectorized(), "no jdk.incubator.vector or no 256-bit vectors here");
    VectorTrials trials = new VectorTrials();
    LaneDots.outerSums(trials, g, x, 4, 4, 0, 64);
    trials.close();
    assertEquals(0, trialThreads(), "close() waits for the trial's thread");
  }

  private static long trialThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("insitu-simd-trial-") && t.isAlive()).count();
  }
}
