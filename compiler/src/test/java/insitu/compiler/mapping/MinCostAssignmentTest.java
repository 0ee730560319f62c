package insitu.compiler.mapping;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinCostAssignmentTest {
  /** Cheapest total over all n! permutations. */
  private static double bruteForce(double[][] c, int row, boolean[] used) {
    if (row == c.length) return 0;
    double best = Double.POSITIVE_INFINITY;
    for (int j = 0; j < c.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      best = Math.min(best, c[row][j] + bruteForce(c, row + 1, used));
      used[j] = false;
    }
    return best;
  }

  @Test void findsTheCheapestPermutationOfSmallRandomMatrices() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(7);
      double[][] c = new double[n][n];
      for (double[] r : c)
        for (int j = 0; j < n; j++) r[j] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 10;
      int[] a = MinCostAssignment.solve(c);
      boolean[] seen = new boolean[n];
      double total = 0;
      for (int i = 0; i < n; i++) {
        assertFalse(seen[a[i]], "each column once");
        seen[a[i]] = true;
        total += c[i][a[i]];
      }
      assertEquals(bruteForce(c, 0, new boolean[n]), total, 1e-9);
    }
  }

  @Test void rejectsNonSquareMatrices() {
    assertThrows(IllegalArgumentException.class, () -> MinCostAssignment.solve(new double[][] {{1, 2}}));
  }
}
