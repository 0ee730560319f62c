package insitu.numeric.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnMaximaTest {
  /** The one-row-at-a-time loop every caller used before. */
  private static double[] rowByRow(double[][] x, int rows, int from, int to) {
    double[] m = new double[to];
    for (int i = 0; i < rows; i++) for (int b = from; b < to; b++) m[b] = Math.max(m[b], Math.abs(x[i][b]));
    return m;
  }

  @Test
  void equalsTheRowByRowLoopBitForBit() {
    SplittableRandom r = new SplittableRandom(4);
    int cols = 37;
    for (int rows = 0; rows <= 9; rows++) {
      double[][] x = new double[rows][cols];
      for (double[] row : x)
        for (int b = 0; b < cols; b++) {
          double u = r.nextDouble();
          row[b] = u < 0.1 ? -0.0 : u < 0.15 ? Double.NaN : u < 0.2 ? Double.NEGATIVE_INFINITY : r.nextGaussian();
        }
      double[] want = rowByRow(x, rows, 3, cols), got = new double[cols];
      java.util.Arrays.fill(got, 42); // overwritten in [from, to), untouched before
      ColumnMaxima.maxAbs(x, rows, got, 3, cols);
      for (int b = 0; b < 3; b++) assertEquals(42, got[b], 0.0);
      for (int b = 3; b < cols; b++)
        assertEquals(Double.doubleToRawLongBits(want[b]), Double.doubleToRawLongBits(got[b]), rows + " rows, column " + b);
    }
  }
}
