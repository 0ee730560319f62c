package insitu.compiler.mapping;

/**
 * The assignment of n rows to n columns of a cost matrix with the least total cost (the
 * Hungarian method with potentials, O(n³)): which logical line goes on which physical line.
 */
public final class MinCostAssignment {
  private MinCostAssignment() {}

  /** @return for each row of the n×n {@code cost}, the column assigned to it */
  public static int[] solve(double[][] cost) {
    int n = cost.length;
    for (double[] r : cost)
      if (r.length != n) throw new IllegalArgumentException("cost matrix must be square, got " + n + "x" + r.length);
    // 1-based arrays: p[j] = row matched to column j, u/v the row/column potentials.
    double[] u = new double[n + 1], v = new double[n + 1], minv = new double[n + 1];
    int[] p = new int[n + 1], way = new int[n + 1];
    boolean[] used = new boolean[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      java.util.Arrays.fill(minv, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = p[j0], j1 = 0;
        double delta = Double.POSITIVE_INFINITY;
        for (int j = 1; j <= n; j++) {
          if (used[j]) continue;
          double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
          if (cur < minv[j]) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j] < delta) {
            delta = minv[j];
            j1 = j;
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] rowToCol = new int[n];
    for (int j = 1; j <= n; j++) rowToCol[p[j] - 1] = j - 1;
    return rowToCol;
  }
}
