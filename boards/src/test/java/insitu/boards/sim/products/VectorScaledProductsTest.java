package insitu.boards.sim.products;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.InputScaling;
import insitu.numeric.kernel.Simd;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch-1 vector kernel gives the scalar sweeps' bits: scales, outputs, clamped columns,
 * padded output blocks, repeated input rows, column tails, zeros of both signs, ±∞ and NaN.
 */
class VectorScaledProductsTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final double LIM = 0.2;

  @BeforeEach
  void needsTheModule() {
    Assumptions.assumeTrue(Simd.ENABLED && VectorScaledProducts.usable(), "no jdk.incubator.vector or no 256-bit vectors here");
  }

  /** x rows: the first {@code distinct} random (zeros, both signs), the rest repeat them. */
  private static double[][] inputs(int n, int distinct, int batch, SplittableRandom r) {
    double[][] x = new double[n][];
    for (int i = 0; i < distinct; i++) {
      x[i] = new double[batch];
      for (int b = 0; b < batch; b++) {
        double u = r.nextDouble();
        x[i][b] = u < 0.2 ? 0.0 : u < 0.3 ? -0.0 : r.nextGaussian() * Math.exp(r.nextGaussian() * 3);
      }
    }
    for (int i = distinct; i < n; i++) x[i] = x[i - distinct];
    return x;
  }

  private static double[] conductances(int n, int nc, SplittableRandom r) {
    double[] gt = new double[n * nc];
    for (int q = 0; q < gt.length; q++) gt[q] = r.nextGaussian() * 1e-4;
    return gt;
  }

  /** Runs both paths on the same inputs; asserts the same verdict and, when true, the same bits. */
  private static boolean assertSame(double[] gt, double[][] x, int n, int nc, int batch) {
    double[][] scalarOut = new double[nc][batch], vectorOut = new double[nc][batch];
    double[] scalarScales = new double[batch], vectorScales = new double[batch];
    boolean scalar = new AutoScaledProducts(WORKERS).multiplyAutoScaledColumns(gt, null, x, LIM, batch, n, nc, scalarOut, scalarScales, null);
    int distinct = n;
    for (int d = 1; d < n; d++)
      if (x[d] == x[0]) {
        distinct = d;
        break;
      }
    boolean vector = new AutoScaledProducts(WORKERS).vectorAutoScaledColumns(gt, VectorScaledProducts.pack(gt, n, nc), x, distinct, LIM, batch, n, nc,
        vectorOut, vectorScales);
    assertEquals(scalar, vector, "NaN verdict");
    if (scalar) {
      assertBits(scalarScales, vectorScales, "scales");
      for (int j = 0; j < nc; j++) assertBits(scalarOut[j], vectorOut[j], "output " + j);
    }
    return scalar;
  }

  @Test
  void everyShapeGivesTheScalarBits() {
    SplittableRandom r = new SplittableRandom(5);
    int clamped = 0;
    for (int[] shape : new int[][] {{60, 60, 8}, {18, 9, 15}, {1, 1, 1}, {5, 5, 7}, {9, 3, 16}, {17, 17, 9}, {4, 2, 3}}) {
      int n = shape[0], distinct = shape[1], nc = shape[2];
      for (int batch : new int[] {4, 8, 16, 64, 67, 127}) {
        double[][] x = inputs(n, distinct, batch, r);
        double[] gt = conductances(n, nc, r);
        assertTrue(assertSame(gt, x, n, nc, batch));
        for (int b = 0; b < batch; b++) {
          double a = 0;
          for (int i = 0; i < distinct; i++) a = Math.max(a, Math.abs(x[i][b]));
          if (a * InputScaling.scale(a, LIM) > LIM) clamped++;
        }
      }
    }
    assertTrue(clamped > 20, "the cases reach the clamp: " + clamped);
  }

  @Test
  void zerosInfinitiesAndNaNsAsTheScalarPath() {
    SplittableRandom r = new SplittableRandom(6);
    int n = 12, nc = 9, batch = 24;
    double[] gt = conductances(n, nc, r);
    double[][] x = inputs(n, n, batch, r);
    for (double[] row : x) java.util.Arrays.fill(row, 8, 16, 0.0); // all-zero columns: scale 1
    x[3][17] = Double.POSITIVE_INFINITY;
    x[5][18] = Double.NEGATIVE_INFINITY;
    assertTrue(assertSame(gt, x, n, nc, batch));
    for (int b : new int[] {2, 20, 22}) {
      double[][] bad = inputs(n, n, batch, new SplittableRandom(b));
      bad[7][b] = Double.NaN;
      assertFalse(assertSame(gt, bad, n, nc, batch), "NaN in column " + b);
    }
  }

  /**
   * Through the board's product path, before, during and after the trial: whichever kernel it lets
   * run gives the scalar bits. Nothing waits for the trial (when it switches depends on the
   * machine's speed); the vector kernel's own bits are checked directly by the tests above.
   */
  @Test
  void whicheverKernelTheTrialLetsRunGivesTheScalarBits() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 18, nc = 15, batch = 64;
    double[] gt = conductances(n, nc, r);
    double[][] x = inputs(n, 9, batch, r);
    double[][] scalar = new double[nc][batch];
    new AutoScaledProducts(WORKERS).multiplyAutoScaledColumns(gt, null, x, LIM, batch, n, nc, scalar, new double[batch], null);
    for (int round = 0; round < 100; round++) {
      double[][] viaBoard = new double[nc][batch];
      new AutoScaledProducts(WORKERS).multiplyAutoScaledColumns(gt, VectorScaledProducts.pack(gt, n, nc), x, LIM, batch, n, nc, viaBoard,
          new double[batch], null);
      for (int j = 0; j < nc; j++) assertBits(scalar[j], viaBoard[j], "round " + round + ", output " + j);
    }
  }

  /** Bit for bit: the sign of a zero counts. */
  private static void assertBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int k = 0; k < expected.length; k++)
      assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]), what + " [" + k + "]: " + expected[k] + " vs " + actual[k]);
  }
}
