package insitu.numeric.kernel;

/**
 * Column-wise largest magnitudes of a batch stored as rows ({@code x[i][b]} is element i of
 * vector b): the input scaling of every crossbar MVM starts with them.
 */
public final class ColumnMaxima {
  private ColumnMaxima() {}

  /**
   * {@code m[b] = max(+0.0, max_{i < rows} |x[i][b]|)} for b in [from, to) (overwritten); a NaN anywhere
   * in a column makes its maximum NaN. Four rows per sweep: m is read and written a quarter as
   * often. The maximum of a set does not depend on the order it is taken in (a NaN wins in any
   * order, |±0| is +0), so this is the value of the one-row-at-a-time loop, bit for bit.
   */
  public static void maxAbs(double[][] x, int rows, double[] m, int from, int to) {
    java.util.Arrays.fill(m, from, to, 0);
    int i = 0;
    for (; i + 3 < rows; i += 4) {
      double[] x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
      for (int b = from; b < to; b++)
        m[b] = Math.max(m[b], Math.max(Math.max(Math.abs(x0[b]), Math.abs(x1[b])), Math.max(Math.abs(x2[b]), Math.abs(x3[b]))));
    }
    for (; i < rows; i++) {
      double[] xi = x[i];
      for (int b = from; b < to; b++) m[b] = Math.max(m[b], Math.abs(xi[b]));
    }
  }
}
