package insitu.boards.sim;

import insitu.boards.InputScaling;
import insitu.boards.Region;
import insitu.boards.drive.ColumnFill;
import insitu.numeric.kernel.ColumnMaxima;
import insitu.numeric.kernel.OrderedSweeps;
import insitu.numeric.kernel.Simd;
import insitu.numeric.kernel.VectorTrial;
import insitu.numeric.parallel.Workers;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The arithmetic of the simulator's noiseless MVM, kept fast: out[b][j] = Σ_i G[i][j]·v[b][i].
 *
 * <p>Results are a pure function of the conductances and voltages: each output is summed over i
 * in row order with a separate multiply and add (no FMA), whatever the batch size, the blocking
 * or the number of threads. Vectors are split over cores in fixed chunks; a vector never spans two.
 *
 * <p>The gathered (and, for differential drive, pair-subtracted) conductances of a region are
 * cached: inference sends many small MVMs to the same regions, and between pulses the gather
 * would redo the same work. Every pulse bumps its array's version, which invalidates the cache.
 */
final class ConductanceProducts {
  /** Below this many multiply-adds one core is faster than splitting. */
  private static final long PARALLEL_MACS = 200_000;
  private static final int CHUNKS = Workers.CHUNKS;
  /** Vectors per transposed block: the block (rows × BLOCK doubles) stays in L1. */
  private static final int BLOCK = 64;
  /** Regions remembered; a client creating new Region objects per call (the emulator) just misses. */
  private static final int CACHE_LIMIT = 256;

  private final Workers workers;
  private final long[] versions;
  private final Map<Region, Gathered> cache = new IdentityHashMap<>();
  private double[][] scratch = new double[CHUNKS][];
  private double[] checkScratch = new double[0], vectorScratch = new double[0];

  private static final class Gathered {
    final long version;
    final boolean paired;
    final double[] gt;
    double[][] packed; // for the vector kernel, made on first use

    Gathered(long version, boolean paired, double[] gt) {
      this.version = version;
      this.paired = paired;
      this.gt = gt;
    }
  }

  /** Whether the auto-scaled products can run on the Vector API here (once the trial proves it faster). */
  private static final boolean VECTOR = Simd.ENABLED && VectorScaledProducts.usable();
  private static final VectorTrial TRIAL = new VectorTrial("scaled-products", ConductanceProducts::trialProblem);

  /** Whether the auto-scaled products run on the Vector API now (they were tried and proved faster). */
  boolean vectorInUse() {
    return VECTOR && workers.trials().succeeded(TRIAL);
  }

  ConductanceProducts(int arrays, Workers workers) {
    this.workers = workers;
    versions = new long[arrays];
  }

  /** Conductances of an array changed: forget what was gathered from it. */
  void touched(int array) {
    versions[array]++;
  }

  /**
   * Checks every voltage against ±vmax (throwing with the first offending value) and tells
   * whether the vectors drive row pairs differentially (+v, −v), in one pass.
   */
  static boolean checkAndDetectPairs(double[] v, int batch, int nr, double vmax, double limitVolts) {
    int n = batch * nr;
    boolean ok = true, paired = (nr & 1) == 0;
    if (paired) {
      for (int k = 0; k < n; k += 2) {
        double a = v[k], b = v[k + 1];
        ok &= Math.abs(a) <= vmax & Math.abs(b) <= vmax;
        paired &= b == -a;
      }
    } else {
      for (int k = 0; k < n; k++) ok &= Math.abs(v[k]) <= vmax;
    }
    if (!ok)
      for (int k = 0; k < n; k++)
        if (!(Math.abs(v[k]) <= vmax)) throw new IllegalArgumentException("row voltage " + v[k] + " V outside ±" + limitVolts + " V");
    return paired;
  }

  /**
   * The region's conductances transposed (gt[j·n + i], n = rows or row pairs), pair-subtracted
   * when {@code paired}. Cached until the array is pulsed; the caller must not modify it.
   */
  double[] gathered(Region region, double[] g, int cols, boolean paired) {
    Gathered c = cache.get(region);
    long version = versions[region.array()];
    if (c != null && c.version == version && c.paired == paired) return c.gt;
    int step = paired ? 2 : 1, n = region.rowCount() / step, nc = region.colCount();
    double[] gt = c != null && c.gt.length == n * nc ? c.gt : new double[n * nc];
    for (int i = 0; i < n; i++) {
      int base = region.row(i * step) * cols, minus = paired ? region.row(i * step + 1) * cols : -1;
      for (int j = 0; j < nc; j++)
        gt[j * n + i] = paired ? g[base + region.col(j)] - g[minus + region.col(j)] : g[base + region.col(j)];
    }
    if (cache.size() >= CACHE_LIMIT && c == null) cache.clear();
    cache.put(region, new Gathered(version, paired, gt));
    return gt;
  }

  /**
   * The conductances {@link #gathered} last returned for the region, packed for the vector kernel
   * ({@link VectorScaledProducts#pack}), or null where that kernel does not run.
   */
  double[][] packed(Region region) {
    if (!VECTOR) return null;
    Gathered c = cache.get(region);
    if (c == null || c.version != versions[region.array()]) throw new IllegalStateException("packed() before gathered()");
    if (c.packed == null) c.packed = VectorScaledProducts.pack(c.gt, c.gt.length / region.colCount(), region.colCount());
    return c.packed;
  }

  /**
   * out[b][j] = Σ_i gt[j][i]·v[b][i·step] for every vector b (stride nr between vectors), checking
   * on the way that every voltage used is within ±vmax (NaN fails). Returns false if one is not;
   * {@code out} is then partly written and the caller reports the error.
   */
  boolean multiply(double[] gt, double[] v, int batch, int nr, int step, int nc, double[] out, double vmax) {
    int n = nr / step;
    if ((long) batch * n * nc < PARALLEL_MACS) return products(gt, v, 0, batch, nr, step, nc, out, buffer(0, n, nc), vmax);
    int chunks = Math.min(batch, CHUNKS);
    for (int k = 0; k < chunks; k++) buffer(k, n, nc);
    double[][] bufs = scratch;
    boolean[] ok = new boolean[chunks];
    workers.forEach(chunks, k -> ok[k] = products(gt, v, (int) ((long) batch * k / chunks),
        (int) ((long) batch * (k + 1) / chunks), nr, step, nc, out, bufs[k], vmax));
    for (boolean b : ok) if (!b) return false;
    return true;
  }

  /** Checks the shape of a column-layout MVM ({@link #multiplyColumns} checks the voltages on the way). */
  static void checkColumnShapes(double[][] v, int n, double[][] out, int nc, int batch) {
    if (v.length < n) throw new IllegalArgumentException("pairVolts holds " + v.length + " rows, need " + n);
    if (out.length < nc) throw new IllegalArgumentException("output holds " + out.length + " rows, need " + nc);
    for (int i = 0; i < n; i++)
      if (v[i].length < batch) throw new IllegalArgumentException("pair " + i + " holds " + v[i].length + " voltages, need " + batch);
    for (int j = 0; j < nc; j++)
      if (out[j].length < batch) throw new IllegalArgumentException("output row " + j + " holds " + out[j].length + " values, need " + batch);
  }

  /**
   * out[j][b] = Σ_i gt[j][i]·v[i][b] with the batch as the unit-stride axis: the sums of
   * {@link #multiply}, term for term, with no transposition. Rows are separate arrays, all indexed
   * by b alone, which is what lets the JIT vectorize the sweeps. Columns are split over cores in
   * fixed chunks. Every voltage is checked against ±vmax (NaN fails) just before its column is
   * used, while it is in cache; on a bad one this throws with the first offending value, and
   * {@code out} is left partly written.
   */
  void multiplyColumns(double[] gt, double[][] v, int batch, int n, int nc, double[][] out, double vmax, double limitVolts) {
    int chunks = (long) batch * n * nc < PARALLEL_MACS ? 1 : Math.min(CHUNKS, Math.max(1, batch / COLUMN_TILE));
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
   * {@link #multiplyColumns} of the voltages InputScaling.volts(x[i][b], scales[b], limit), which
   * are computed here, four rows of a tile at a time, into rows that stay in L1 (as element-wise
   * min/max: the same values, NaN and −0.0 included). No voltage array is read from memory and
   * none needs checking: the same sums as computing the voltages first.
   */
  void multiplyScaledColumns(double[] gt, double[][] x, double[] scales, double limit, int batch, int n, int nc, double[][] out) {
    int chunks = (long) batch * n * nc < PARALLEL_MACS ? 1 : Math.min(CHUNKS, Math.max(1, batch / COLUMN_TILE));
    if (voltRows.length == 0 || voltRows[0].length < batch) voltRows = new double[4][batch];
    double[][] w = voltRows;
    if (chunks == 1) scaledProducts(gt, x, scales, limit, 0, batch, n, nc, out, w);
    else workers.forEach(chunks, k -> scaledProducts(gt, x, scales, limit, (int) ((long) batch * k / chunks),
        (int) ((long) batch * (k + 1) / chunks), n, nc, out, w));
  }

  private double[][] voltRows = new double[0][];

  /**
   * {@link #multiplyScaledColumns} with the scales found here, tile by tile: scales[b] =
   * InputScaling.scale(max_i |x[i][b]|, limit). Voltages are x·scale, clamped (as InputScaling.volts
   * does) only in the columns where rounding can overshoot the limit: those whose largest input
   * times the scale exceeds it. Returns false if an input is NaN.
   */
  boolean multiplyAutoScaledColumns(double[] gt, double[][] packed, double[][] x, double limit, int batch, int n, int nc, double[][] out,
                                    double[] scales, ColumnFill fill) {
    if (voltRows.length == 0 || voltRows[0].length < batch) voltRows = new double[4][batch];
    double[] m = checkScratch.length >= batch ? checkScratch : (checkScratch = new double[batch]);
    double[][] w = voltRows;
    int distinct = distinctRows(x, n);
    if (batch < FEW) {
      if (fill != null) fill.fill(0, batch);
      return fewAutoScaledProducts(gt, x, distinct, limit, batch, n, nc, out, scales);
    }
    // The trial starts with the first product of a board (measured: started only after a training
    // run had compiled the weight-gradient kernel, it never succeeded).
    boolean vectorReady = packed != null && workers.trials().ready(TRIAL);
    if (batch < VECTOR_BELOW && vectorReady && batch % VectorScaledProducts.width() == 0) {
      if (fill != null) fill.fill(0, batch);
      return vectorAutoScaledColumns(gt, packed, x, distinct, limit, batch, n, nc, out, scales);
    }
    // Chunks of whole tiles: a fill then sees the same ranges however the batch is split.
    int tiles = (batch + COLUMN_TILE - 1) / COLUMN_TILE;
    int chunks = (long) batch * n * nc < PARALLEL_MACS ? 1 : Math.min(CHUNKS, tiles);
    boolean[] ok = new boolean[chunks];
    workers.forEach(chunks, k -> ok[k] = autoScaledProducts(gt, x, distinct, limit, Math.min(batch, Workers.from(tiles, chunks, k) * COLUMN_TILE),
        Math.min(batch, Workers.from(tiles, chunks, k + 1) * COLUMN_TILE), n, nc, out, w, m, scales, fill));
    for (boolean b : ok) if (!b) return false;
    return true;
  }

  /**
   * Below this many columns, in whole blocks, the products run on the Vector API (once proven
   * faster): one convolution of an 8×8 map at batch 1, where the scalar sweeps (64 columns) are
   * mostly loop set-up. From 128 columns on the sweeps are as fast; a call with a few columns
   * beyond its whole blocks pays both paths' set-up (the dense layer at batch 100: 1.02–1.05×
   * faster without the vector kernel in training). Decision 21.
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
  boolean vectorAutoScaledColumns(double[] gt, double[][] packed, double[][] x, int distinct, double limit, int batch, int n, int nc,
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
    double[] w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    int[] over = new int[Math.min(COLUMN_TILE, to - from)];
    for (int b0 = from; b0 < to; b0 += COLUMN_TILE) {
      int b1 = Math.min(to, b0 + COLUMN_TILE);
      if (fill != null) fill.fill(b0, b1);
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
        sweepGroup(gt, n, nc, i, w0, w1, w2, w3, out, b0, b1);
      }
      for (; i < n; i++) {
        drive(x[i], s, lim, w0, b0, b1, over, count);
        for (int j = 0; j < nc; j++) {
          double g = gt[j * n + i];
          double[] o = out[j];
          for (int b = b0; b < b1; b++) o[b] += g * w0[b];
        }
      }
    }
    return true;
  }

  /**
   * Inputs i..i+3 (voltages in w0..w3) into every output, two outputs per sweep: written onto
   * +0.0 for the first group (i = 0), added after. Each output adds its terms in input order.
   */
  private static void sweepGroup(double[] gt, int n, int nc, int i, double[] w0, double[] w1, double[] w2, double[] w3, double[][] out,
                                 int b0, int b1) {
    int j = 0;
    for (; j + 1 < nc; j += 2) {
      int a = j * n + i, c = a + n;
      if (i == 0)
        OrderedSweeps.firstFourTwice(out[j], out[j + 1], w0, w1, w2, w3, gt[a], gt[a + 1], gt[a + 2], gt[a + 3], gt[c], gt[c + 1], gt[c + 2],
            gt[c + 3], b0, b1);
      else
        OrderedSweeps.addFourTwice(out[j], out[j + 1], w0, w1, w2, w3, gt[a], gt[a + 1], gt[a + 2], gt[a + 3], gt[c], gt[c + 1], gt[c + 2],
            gt[c + 3], b0, b1);
    }
    if (j < nc) {
      int gj = j * n + i;
      if (i == 0) OrderedSweeps.firstFour(out[j], w0, w1, w2, w3, gt[gj], gt[gj + 1], gt[gj + 2], gt[gj + 3], b0, b1);
      else OrderedSweeps.addFour(out[j], w0, w1, w2, w3, gt[gj], gt[gj + 1], gt[gj + 2], gt[gj + 3], b0, b1);
    }
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

  private static void scaledProducts(double[] gt, double[][] x, double[] s, double lim, int from, int to, int n, int nc, double[][] out,
                                     double[][] w) {
    double neg = -lim;
    double[] w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    for (int b0 = from; b0 < to; b0 += COLUMN_TILE) {
      int b1 = Math.min(to, b0 + COLUMN_TILE);
      // The first four inputs write the outputs (onto +0.0), the rest add to them.
      if (n < 4) for (int j = 0; j < nc; j++) java.util.Arrays.fill(out[j], b0, b1, 0);
      int i = 0;
      for (; i + 3 < n; i += 4) {
        volts(x[i], s, lim, neg, w0, b0, b1);
        volts(x[i + 1], s, lim, neg, w1, b0, b1);
        volts(x[i + 2], s, lim, neg, w2, b0, b1);
        volts(x[i + 3], s, lim, neg, w3, b0, b1);
        sweepGroup(gt, n, nc, i, w0, w1, w2, w3, out, b0, b1);
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

  /** Columns per tile: a tile's output rows and four of its input rows stay in L1. */
  private static final int COLUMN_TILE = 256;

  /**
   * Products of columns from..to, tile by tile; returns the first column with a bad voltage, or
   * -1. Within a tile, four input rows at a time are checked and then added to every output while
   * they are in L1 (each input row is read from memory once, not once per output); every output
   * still adds its terms in input order, so the sums are those of {@link #multiply}.
   */
  private static int columnProducts(double[] gt, double[][] v, int from, int to, int n, int nc, double[][] out, double[] m, double vmax) {
    for (int b0 = from; b0 < to; b0 += COLUMN_TILE) {
      int b1 = Math.min(to, b0 + COLUMN_TILE);
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

  /** Per-chunk scratch for a transposed block of voltages and of outputs, reused across calls. */
  private double[] buffer(int k, int n, int nc) {
    int need = (n + nc) * BLOCK;
    if (scratch[k] == null || scratch[k].length < need) scratch[k] = new double[need];
    return scratch[k];
  }

  /**
   * Works on a transposed block of vectors (row i holds every vector's voltage on row i), so the
   * innermost loop runs over vectors with unit stride, which the JIT vectorizes; the sum over i
   * keeps its order, so results do not depend on how the batch is split.
   */
  private static boolean products(double[] gt, double[] v, int from, int to, int stride, int step, int nc, double[] out, double[] buf,
                                  double vmax) {
    int nr = stride / step, ot0 = nr * BLOCK;
    boolean ok = true;
    for (int b0 = from; b0 < to; b0 += BLOCK) {
      int len = Math.min(BLOCK, to - b0);
      for (int b = 0; b < len; b++) {
        int vb = (b0 + b) * stride;
        for (int i = 0; i < nr; i++) {
          double u = v[vb + i * step];
          ok &= Math.abs(u) <= vmax;
          buf[i * len + b] = u;
        }
      }
      for (int j = 0; j < nc; j++) {
        int oj = ot0 + j * len, gj = j * nr;
        java.util.Arrays.fill(buf, oj, oj + len, 0);
        // Four rows per sweep keep the running sum in a register; the additions still happen
        // one row at a time, in row order, so the result is the same as one row per sweep.
        int i = 0;
        for (; i + 3 < nr; i += 4) {
          double g0 = gt[gj + i], g1 = gt[gj + i + 1], g2 = gt[gj + i + 2], g3 = gt[gj + i + 3];
          int v0 = i * len, v1 = v0 + len, v2 = v1 + len, v3 = v2 + len;
          for (int b = 0; b < len; b++) {
            double s = buf[oj + b];
            s += g0 * buf[v0 + b];
            s += g1 * buf[v1 + b];
            s += g2 * buf[v2 + b];
            s += g3 * buf[v3 + b];
            buf[oj + b] = s;
          }
        }
        for (; i < nr; i++) {
          double g = gt[gj + i];
          int vi = i * len;
          for (int b = 0; b < len; b++) buf[oj + b] += g * buf[vi + b];
        }
      }
      for (int b = 0; b < len; b++) {
        int ob = (b0 + b) * nc;
        for (int j = 0; j < nc; j++) out[ob + j] = buf[ot0 + j * len + b];
      }
    }
    return ok;
  }
}
