package insitu.numeric.random;

import static org.junit.jupiter.api.Assertions.*;

import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianSourceTest {
  @Test
  void uniformsEqualSplittableRandomsForTheSameSeed() {
    GaussianSource g = new GaussianSource(20190434);
    SplittableRandom r = new SplittableRandom(20190434);
    for (int i = 0; i < 100_000; i++) assertEquals(r.nextDouble(), g.uniform());
  }

  @Test
  void boundedIntsEqualSplittableRandomsForTheSameSeed() {
    GaussianSource g = new GaussianSource(5);
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 1; i < 50_000; i++) assertEquals(r.nextInt(i), g.nextInt(i));
    for (int i = 0; i < 1000; i++) assertEquals(r.nextInt(1 << 20), g.nextInt(1 << 20));
  }

  @Test
  void normalsHaveZeroMeanAndUnitVariance() {
    GaussianSource g = new GaussianSource(7);
    int n = 400_000;
    double s = 0, s2 = 0, s4 = 0;
    for (int i = 0; i < n; i++) {
      double x = g.gaussian();
      s += x;
      s2 += x * x;
      s4 += x * x * x * x;
    }
    // Standard errors: mean 1/√n = 0.0016, variance √(2/n) = 0.0022, 4th moment ≈ √(96/n) = 0.015.
    assertEquals(0, s / n, 0.008);
    assertEquals(1, s2 / n, 0.011);
    assertEquals(3, s4 / n, 0.08);
  }

  @Test
  void snapshotRestoresTheExactSequence() {
    GaussianSource g = new GaussianSource(3);
    for (int i = 0; i < 1001; i++) g.gaussian(); // odd count: a spare is cached
    GaussianSource.State s = g.snapshot();
    double[] expect = new double[50];
    for (int i = 0; i < 50; i++) expect[i] = g.gaussian();
    GaussianSource h = new GaussianSource(999);
    h.restore(s);
    for (int i = 0; i < 50; i++) assertEquals(expect[i], h.gaussian());
  }

  @Test
  void boundedIntsAreUniform() {
    GaussianSource g = new GaussianSource(11);
    int[] counts = new int[6];
    for (int i = 0; i < 60_000; i++) counts[g.nextInt(6)]++;
    for (int c : counts) assertEquals(10_000, c, 400); // ±4σ of a binomial(60000, 1/6)
  }

  @Test
  void fillGivesTheNormalsAndTheStateOfOneByOneDraws() {
    try (Workers team = new Workers(3)) {
      for (Workers workers : new Workers[] {Workers.sequential(), team}) fillMatchesOneByOne(workers);
    }
  }

  private static void fillMatchesOneByOne(Workers workers) {
    // Lengths around the parallel threshold, odd and even, starting with and without a spare.
    for (long seed : new long[] {1, 20190434, -7})
      for (boolean spareFirst : new boolean[] {false, true})
        for (int n : new int[] {0, 1, 2, 4095, 4096, 4097, 10_001, 100_000, 300_001}) { // the last takes several blocks
          GaussianSource bulk = new GaussianSource(seed), single = new GaussianSource(seed);
          if (spareFirst) {
            bulk.gaussian();
            single.gaussian();
          }
          double[] z = new double[n + 3];
          bulk.fill(workers, z, 2, n + 2);
          for (int k = 0; k < n; k++)
            assertEquals(Double.doubleToRawLongBits(single.gaussian()), Double.doubleToRawLongBits(z[k + 2]), "seed " + seed + " n " + n + " k " + k);
          assertEquals(0.0, z[0]);
          assertEquals(0.0, z[n + 2], "nothing written past the range");
          assertEquals(single.snapshot(), bulk.snapshot(), "seed " + seed + " n " + n);
          for (int k = 0; k < 5; k++) assertEquals(single.gaussian(), bulk.gaussian());
          assertEquals(single.uniform(), bulk.uniform());
        }
  }
}
