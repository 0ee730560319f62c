package insitu.boards.sim.products;

import insitu.numeric.kernel.OrderedSweeps;
import insitu.numeric.parallel.Workers;

/**
 * The simulator's noiseless MVM in the column layout (the batch the unit-stride axis) of pair
 * voltages and of scaled inputs: the sums of {@link RowProducts}, term for term, with no
 * transposition. Rows are separate arrays, all indexed by the batch position alone, which is what
 * lets the JIT vectorize the sweeps. Columns are split over cores in fixed chunks.
 */
public final class ColumnProducts {
  private final Workers workers;
  private double[] checkScratch = new double[0];
  private double[][] voltRows = new double[0][];

  public ColumnProducts(Workers workers) {
    this.workers = workers;
  }

  /** Checks the shape of a column-layout MVM ({@link #multiplyColumns} checks the voltages on the way). */
  public static void checkColumnShapes(double[][] v, int n, double[][] out, int nc, int batch) {
    if (v.length < n) throw new IllegalArgumentException("pairVolts holds " + v.length + " rows, need " + n);
    if (out.length < nc) throw new IllegalArgumentException("output holds " + out.length + " rows, need " + nc);
    for (int i = 0; i < n; i++)
      if (v[i].length < batch) throw new IllegalArgumentException("pair " + i + " holds " + v[i].length + " voltages, need " + batch);
    for (int j = 0; j < nc; j++)
      if (out[j].length < batch) throw new IllegalArgumentException("output row " + j + " holds " + out[j].length + " values, need " + batch);
  }

  /**
   * out[j][b] = Σ_i gt[j][i]·v[i][b] with the batch as the unit-stride axis: the sums of
   * {@link RowProducts#multiply}, term for term, with no transposition. Rows are separate arrays, all indexed
   * by b alone, which is what lets the JIT vectorize the sweeps. Columns are split over cores in
   * fixed chunks. Every voltage is checked against ±vmax (NaN fails) just before its column is
   * used, while it is in cache; on a bad one this throws with the first offending value, and
   * {@code out} is left partly written.
   */
  public void multiplyColumns(double[] gt, double[][] v, int batch, int n, int nc, double[][] out, double vmax, double limitVolts) {
    int chunks = Sweeps.columnChunks(batch, n, nc);
    double[] m = checkScratch.length >= batch ? checkScratch : (checkScratch = new double[batch]);
    int[] bad = new int[chunks];
    if (chunks == 1) bad[0] = columnProducts(gt, v, 0, batch, n, nc, out, m, vmax);
    else workers.forEach(chunks, k -> bad[k] = columnProducts(gt, v, (int) ((long) batch * k / chunks),
        (int) ((long) batch * (k + 1) / chunks), n, nc, out, m, vmax));
    for (int b : bad)
      if (b >= 0)
        for (int i = 0; i < n; i++)
          if (!(Math.abs(v[i][b]) <= vmax)) throw new IllegalArgumentException("row voltage " + v[i][b] + " V outside ±" + limitVolts + " V");
  }

  /**
   * {@link #multiplyColumns} of the voltages {@link insitu.boards.InputScaling#volts InputScaling.volts}(x[i][b], scales[b], limit), which
   * are computed here, four rows of a tile at a time, into rows that stay in L1 (as element-wise
   * min/max: the same values, NaN and −0.0 included). No voltage array is read from memory and
   * none needs checking: the same sums as computing the voltages first.
   */
  public void multiplyScaledColumns(double[] gt, double[][] x, double[] scales, double limit, int batch, int n, int nc, double[][] out) {
    int chunks = Sweeps.columnChunks(batch, n, nc);
    if (voltRows.length == 0 || voltRows[0].length < batch) voltRows = new double[4][batch];
    double[][] w = voltRows;
    if (chunks == 1) scaledProducts(gt, x, scales, limit, 0, batch, n, nc, out, w);
    else workers.forEach(chunks, k -> scaledProducts(gt, x, scales, limit, (int) ((long) batch * k / chunks),
        (int) ((long) batch * (k + 1) / chunks), n, nc, out, w));
  }

  private static void scaledProducts(double[] gt, double[][] x, double[] s, double lim, int from, int to, int n, int nc, double[][] out,
                                     double[][] w) {
    double neg = -lim;
    double[] w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    for (int b0 = from; b0 < to; b0 += Sweeps.COLUMN_TILE) {
      int b1 = Math.min(to, b0 + Sweeps.COLUMN_TILE);
      // The first four inputs write the outputs (onto +0.0), the rest add to them.
      if (n < 4) for (int j = 0; j < nc; j++) java.util.Arrays.fill(out[j], b0, b1, 0);
      int i = 0;
      for (; i + 3 < n; i += 4) {
        volts(x[i], s, lim, neg, w0, b0, b1);
        volts(x[i + 1], s, lim, neg, w1, b0, b1);
        volts(x[i + 2], s, lim, neg, w2, b0, b1);
        volts(x[i + 3], s, lim, neg, w3, b0, b1);
        Sweeps.sweepGroup(gt, n, nc, i, w0, w1, w2, w3, out, b0, b1);
      }
      for (; i < n; i++) {
        volts(x[i], s, lim, neg, w0, b0, b1);
        for (int j = 0; j < nc; j++) {
          double g = gt[j * n + i];
          double[] o = out[j];
          for (int b = b0; b < b1; b++) o[b] += g * w0[b];
        }
      }
    }
  }

  /** v[b] = InputScaling.volts(x[b], s[b], lim) for b in from..to. */
  private static void volts(double[] x, double[] s, double lim, double neg, double[] v, int from, int to) {
    for (int b = from; b < to; b++) v[b] = Math.min(lim, Math.max(neg, x[b] * s[b]));
  }

  /**
   * Products of columns from..to, tile by tile; returns the first column with a bad voltage, or
   * -1. Within a tile, four input rows at a time are checked and then added to every output while
   * they are in L1 (each input row is read from memory once, not once per output); every output
   * still adds its terms in input order, so the sums are those of {@link RowProducts#multiply}.
   */
  private static int columnProducts(double[] gt, double[][] v, int from, int to, int n, int nc, double[][] out, double[] m, double vmax) {
    for (int b0 = from; b0 < to; b0 += Sweeps.COLUMN_TILE) {
      int b1 = Math.min(to, b0 + Sweeps.COLUMN_TILE);
      // Column-wise maxima (element-wise Math.max over rows vectorizes; a running scalar maximum
      // does not), then one look at the tile's maxima. Math.max keeps a NaN.
      java.util.Arrays.fill(m, b0, b1, 0);
      // The first four inputs write the outputs (onto +0.0), the rest add to them.
      if (n < 4) for (int j = 0; j < nc; j++) java.util.Arrays.fill(out[j], b0, b1, 0);
      int i = 0;
      for (; i + 3 < n; i += 4) {
        double[] v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3];
        for (int b = b0; b < b1; b++) m[b] = Math.max(m[b], Math.max(Math.max(Math.abs(v0[b]), Math.abs(v1[b])), Math.max(Math.abs(v2[b]), Math.abs(v3[b]))));
        for (int j = 0; j < nc; j++) {
          int gj = j * n + i;
          if (i == 0) OrderedSweeps.firstFour(out[j], v0, v1, v2, v3, gt[gj], gt[gj + 1], gt[gj + 2], gt[gj + 3], b0, b1);
          else OrderedSweeps.addFour(out[j], v0, v1, v2, v3, gt[gj], gt[gj + 1], gt[gj + 2], gt[gj + 3], b0, b1);
        }
      }
      for (; i < n; i++) {
        double[] vi = v[i];
        for (int b = b0; b < b1; b++) m[b] = Math.max(m[b], Math.abs(vi[b]));
        for (int j = 0; j < nc; j++) {
          double g = gt[j * n + i];
          double[] o = out[j];
          for (int b = b0; b < b1; b++) o[b] += g * vi[b];
        }
      }
      for (int b = b0; b < b1; b++) if (!(m[b] <= vmax)) return b;
    }
    return -1;
  }
}
