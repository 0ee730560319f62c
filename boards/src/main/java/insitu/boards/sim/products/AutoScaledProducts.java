package insitu.boards.sim.products;

import insitu.boards.InputScaling;
import insitu.boards.drive.ColumnFill;
import insitu.numeric.kernel.ColumnMaxima;
import insitu.numeric.kernel.Simd;
import insitu.numeric.kernel.VectorTrial;
import insitu.numeric.parallel.Workers;

/**
 * The simulator's noiseless MVM of auto-scaled inputs in the column layout: inputs filled, maxima,
 * scales, voltages and products in one sweep over tiles of columns that stay in cache; the sums
 * of {@link RowProducts}, term for term. A handful of vectors go vector by vector, and a batch-1
 * convolution's few columns on the Vector API ({@link VectorScaledProducts}) once its trial among
 * the workers' has proved it faster.
 */
public final class AutoScaledProducts {
  /** Whether the auto-scaled products can run on the Vector API here (once the trial proves it faster). */
  static final boolean VECTOR = Simd.ENABLED && VectorScaledProducts.usable();
  private static final VectorTrial TRIAL = new VectorTrial("scaled-products", AutoScaledProducts::trialProblem);

  private final Workers workers;
  private double[][] voltRows = new double[0][];
  private double[] checkScratch = new double[0], vectorScratch = new double[0];

  public AutoScaledProducts(Workers workers) {
    this.workers = workers;
  }

  /** Whether the auto-scaled products run on the Vector API with these workers now (they were tried and proved faster). */
  public static boolean vectorInUse(Workers workers) {
    return VECTOR && workers.trials().succeeded(TRIAL);
  }

  /**
   * {@link ColumnProducts#multiplyScaledColumns} with the scales found here, tile by tile: scales[b] =
   * InputScaling.scale(max_i |x[i][b]|, limit). Voltages are x·scale, clamped (as InputScaling.volts
   * does) only in the columns where rounding can overshoot the limit: those whose largest input
   * times the scale exceeds it. Returns false if an input is NaN.
   */
  public boolean multiplyAutoScaledColumns(double[] gt, double[][] packed, double[][] x, double limit, int batch, int n, int nc, double[][] out,
                                    double[] scales, ColumnFill fill) {
    if (voltRows.length == 0 || voltRows[0].length < batch) voltRows = new double[4][batch];
    double[] m = checkScratch.length >= batch ? checkScratch : (checkScratch = new double[batch]);
    double[][] w = voltRows;
    int distinct = distinctRows(x, n);
    if (batch < FEW) {
      if (fill != null) fill.fill(0, batch);
      return fewAutoScaledProducts(gt, x, distinct, limit, batch, n, nc, out, scales);
    }
    // The trial starts with the first product of a board: started only after training had
    // compiled the weight-gradient kernel, it never succeeded.
    boolean vectorReady = packed != null && workers.trials().ready(TRIAL);
    if (batch < VECTOR_BELOW && vectorReady && batch % VectorScaledProducts.width() == 0) {
      if (fill != null) fill.fill(0, batch);
      return vectorAutoScaledColumns(gt, packed, x, distinct, limit, batch, n, nc, out, scales);
    }
    // Chunks of whole tiles: a fill then sees the same ranges however the batch is split.
    int tiles = (batch + Sweeps.COLUMN_TILE - 1) / Sweeps.COLUMN_TILE;
    int chunks = (long) batch * n * nc < Sweeps.PARALLEL_MACS ? 1 : Math.min(Workers.CHUNKS, tiles);
    boolean[] ok = new boolean[chunks];
    workers.forEach(chunks, k -> ok[k] = autoScaledProducts(gt, x, distinct, limit, Math.min(batch, Workers.from(tiles, chunks, k) * Sweeps.COLUMN_TILE),
        Math.min(batch, Workers.from(tiles, chunks, k + 1) * Sweeps.COLUMN_TILE), n, nc, out, w, m, scales, fill));
    for (boolean b : ok) if (!b) return false;
    return true;
  }

  /**
   * Below this many columns, in whole blocks, the products run on the Vector API (once proven
   * faster): one convolution of an 8×8 map at batch 1, where the scalar sweeps (64 columns) are
   * mostly loop set-up. From 128 columns on the sweeps are as fast; a call with a few columns
   * beyond its whole blocks pays both paths' set-up, so larger batches stay scalar. Decision 21.
   */
  private static final int VECTOR_BELOW = 128;

  /**
   * The trial problem of the vector kernel: a batch-1 convolution's 64 columns, two output blocks
   * (one padded), repeated input rows, and columns whose voltages need the clamp. Returns outputs
   * and scales.
   */
  private static VectorTrial.Runs trialProblem() {
    int n = 18, distinct = 9, nc = 15, batch = 64;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    double[] gt = new double[n * nc];
    for (int q = 0; q < gt.length; q++) gt[q] = rnd.nextGaussian() * 1e-4;
    double[][] x = new double[n][];
    for (int i = 0; i < distinct; i++) {
      x[i] = new double[batch];
      for (int b = 0; b < batch; b++) x[i][b] = rnd.nextDouble() < 0.3 ? 0 : rnd.nextGaussian();
    }
    for (int i = distinct; i < n; i++) x[i] = x[i - distinct];
    double[][] packed = VectorScaledProducts.pack(gt, n, nc);
    double[][] out = new double[nc][batch], w = new double[4][batch];
    double[] m = new double[batch], s = new double[batch], scratch = new double[VectorScaledProducts.scratchSize(n)];
    return new VectorTrial.Runs(() -> {
      VectorScaledProducts.products(packed, x, distinct, 0.2, 0, batch, n, nc, out, m, s, scratch);
      return result(out, s, nc, batch);
    }, () -> {
      autoScaledProducts(gt, x, distinct, 0.2, 0, batch, n, nc, out, w, m, s, null);
      return result(out, s, nc, batch);
    });
  }

  /** Outputs and scales of a trial run, in one array. */
  private static double[] result(double[][] out, double[] s, int nc, int batch) {
    double[] r = new double[(nc + 1) * batch];
    for (int j = 0; j < nc; j++) System.arraycopy(out[j], 0, r, j * batch, batch);
    System.arraycopy(s, 0, r, nc * batch, batch);
    return r;
  }

  /**
   * {@link #multiplyAutoScaledColumns} of filled inputs on the Vector API: whole blocks of columns
   * by {@link VectorScaledProducts}, the last few columns by the scalar sweeps (the same bits).
   */
  public boolean vectorAutoScaledColumns(double[] gt, double[][] packed, double[][] x, int distinct, double limit, int batch, int n, int nc,
                                  double[][] out, double[] scales) {
    int size = VectorScaledProducts.scratchSize(n), end = batch / VectorScaledProducts.width() * VectorScaledProducts.width();
    if (vectorScratch.length < size) vectorScratch = new double[size];
    if (voltRows.length == 0 || voltRows[0].length < batch) voltRows = new double[4][batch];
    if (checkScratch.length < batch) checkScratch = new double[batch];
    return VectorScaledProducts.products(packed, x, distinct, limit, 0, end, n, nc, out, checkScratch, scales, vectorScratch)
        && (end == batch || autoScaledProducts(gt, x, distinct, limit, end, batch, n, nc, out, voltRows, checkScratch, scales, null));
  }

  /** Below this many vectors, sweeps over the batch are too short to pay: products go vector by vector. */
  private static final int FEW = 4;

  /**
   * {@link #autoScaledProducts} for a handful of vectors (a dense layer at batch 1): per vector,
   * the voltages once, then four outputs at a time, each summing its inputs in order (four
   * independent sums side by side): the same sums.
   */
  private static boolean fewAutoScaledProducts(double[] gt, double[][] x, int distinct, double lim, int batch, int n, int nc,
                                               double[][] out, double[] s) {
    double[] v = new double[n];
    for (int b = 0; b < batch; b++) {
      double a = 0;
      for (int i = 0; i < distinct; i++) a = Math.max(a, Math.abs(x[i][b]));
      if (a != a) return false;
      double sb = InputScaling.scale(a, lim);
      s[b] = sb;
      for (int i = 0; i < n; i++) v[i] = InputScaling.volts(x[i][b], sb, lim);
      int j = 0;
      for (; j + 3 < nc; j += 4) {
        int g0 = j * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
        double o0 = 0.0, o1 = 0.0, o2 = 0.0, o3 = 0.0;
        for (int i = 0; i < n; i++) {
          double vi = v[i];
          o0 += gt[g0 + i] * vi;
          o1 += gt[g1 + i] * vi;
          o2 += gt[g2 + i] * vi;
          o3 += gt[g3 + i] * vi;
        }
        out[j][b] = o0;
        out[j + 1][b] = o1;
        out[j + 2][b] = o2;
        out[j + 3][b] = o3;
      }
      for (; j < nc; j++) {
        double o = 0.0;
        for (int i = 0; i < n; i++) o += gt[j * n + i] * v[i];
        out[j][b] = o;
      }
    }
    return true;
  }

  /**
   * d when rows d, d+1, … repeat rows 0, 1, … (the same arrays: copies of a tile's inputs), so
   * maxima need only the first d; n otherwise.
   */
  private static int distinctRows(double[][] x, int n) {
    int d = 1;
    while (d < n && x[d] != x[0]) d++;
    for (int i = d; i < n; i++) if (x[i] != x[i - d]) return n;
    return d;
  }

  private static boolean autoScaledProducts(double[] gt, double[][] x, int distinct, double lim, int from, int to, int n, int nc,
                                            double[][] out, double[][] w, double[] m, double[] s, ColumnFill fill) {
    int[] over = new int[Math.min(Sweeps.COLUMN_TILE, to - from)];
    for (int b0 = from; b0 < to; b0 += Sweeps.COLUMN_TILE) {
      int b1 = Math.min(to, b0 + Sweeps.COLUMN_TILE);
      if (fill != null) fill.fill(b0, b1);
      if (!tileProducts(gt, x, distinct, lim, b0, b1, n, nc, out, w, m, s, over)) return false;
    }
    return true;
  }

  /**
   * The products of columns b0..b1 (one tile). A method of its own so that the JIT compiles it once,
   * called per tile, rather than again inside each loop over the tiles that runs long enough for an
   * on-stack replacement (docs/BENCHMARKS.md, issue 20).
   */
  private static boolean tileProducts(double[] gt, double[][] x, int distinct, double lim, int b0, int b1, int n, int nc,
                                      double[][] out, double[][] w, double[] m, double[] s, int[] over) {
    double[] w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    ColumnMaxima.maxAbs(x, distinct, m, b0, b1);
    int count = 0;
    for (int b = b0; b < b1; b++) {
      double a = m[b];
      if (a != a) return false;
      double sb = InputScaling.scale(a, lim);
      s[b] = sb;
      if (a * sb > lim) over[count++] = b;
    }
    // The first four inputs write the outputs (onto +0.0), the rest add to them.
    if (n < 4) for (int j = 0; j < nc; j++) java.util.Arrays.fill(out[j], b0, b1, 0);
    int i = 0;
    for (; i + 3 < n; i += 4) {
      drive(x[i], s, lim, w0, b0, b1, over, count);
      drive(x[i + 1], s, lim, w1, b0, b1, over, count);
      drive(x[i + 2], s, lim, w2, b0, b1, over, count);
      drive(x[i + 3], s, lim, w3, b0, b1, over, count);
      Sweeps.sweepGroup(gt, n, nc, i, w0, w1, w2, w3, out, b0, b1);
    }
    for (; i < n; i++) {
      drive(x[i], s, lim, w0, b0, b1, over, count);
      for (int j = 0; j < nc; j++) {
        double g = gt[j * n + i];
        double[] o = out[j];
        for (int b = b0; b < b1; b++) o[b] += g * w0[b];
      }
    }
    return true;
  }

  /**
   * v[b] = InputScaling.volts(x[b], s[b], lim): a multiply, and the clamp only in the listed
   * columns (rounding is monotonic, so only a column's largest input can overshoot).
   */
  private static void drive(double[] x, double[] s, double lim, double[] v, int from, int to, int[] over, int count) {
    for (int b = from; b < to; b++) v[b] = x[b] * s[b];
    for (int q = 0; q < count; q++) {
      int b = over[q];
      v[b] = InputScaling.volts(x[b], s[b], lim);
    }
  }
}
