package insitu.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 2×2 max pool's winner found from the window's maximum is the general rule's winner. */
class PoolWinnersTest {
  @Test
  void winnerFromTheMaximumIsTheRulesWinner() {
    // Ties, signed zeros, infinities and NaN anywhere in the window.
    double[] values = {0.0, -0.0, 1.0, -1.0, 2.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    SplittableRandom r = new SplittableRandom(5);
    double[] a = new double[6]; // window rows start at 0 and 3 (a gap, as in a plane)
    int checked = 0;
    for (int n = 0; n < 20_000; n++) {
      for (int i = 0; i < a.length; i++) a[i] = values[r.nextInt(values.length)];
      double m = Math.max(Math.max(a[0], a[1]), Math.max(a[3], a[4])); // as forward computes it
      assertEquals(PoolKernel.winner(a, 0, 3), PoolKernel.winner(a, m, 0, 3), java.util.Arrays.toString(a));
      checked++;
    }
    assertEquals(20_000, checked);
  }
}
