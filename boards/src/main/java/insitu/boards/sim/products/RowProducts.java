package insitu.boards.sim.products;

import insitu.numeric.parallel.Workers;

/**
 * The simulator's noiseless MVM in the row layout (vector after vector): out[b][j] = Σ_i
 * G[i][j]·v[b][i]. Results are a pure function of the conductances and voltages: each output is
 * summed over i in row order with a separate multiply and add (no FMA), whatever the batch size,
 * the blocking or the number of threads. Vectors are split over cores in fixed chunks; a vector
 * never spans two.
 */
public final class RowProducts {
  private static final int CHUNKS = Workers.CHUNKS;
  /** Vectors per transposed block: the block (rows × BLOCK doubles) stays in L1. */
  private static final int BLOCK = 64;

  private final Workers workers;
  private final double[][] scratch = new double[CHUNKS][];

  public RowProducts(Workers workers) {
    this.workers = workers;
  }

  /**
   * Checks every voltage against ±vmax (throwing with the first offending value) and tells
   * whether the vectors drive row pairs differentially (+v, −v), in one pass.
   */
  public static boolean checkAndDetectPairs(double[] v, int batch, int nr, double vmax, double limitVolts) {
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
   * out[b][j] = Σ_i gt[j][i]·v[b][i·step] for every vector b (stride nr between vectors), checking
   * on the way that every voltage used is within ±vmax (NaN fails). Returns false if one is not;
   * {@code out} is then partly written and the caller reports the error.
   */
  public boolean multiply(double[] gt, double[] v, int batch, int nr, int step, int nc, double[] out, double vmax) {
    int n = nr / step;
    if ((long) batch * n * nc < Sweeps.PARALLEL_MACS) return products(gt, v, 0, batch, nr, step, nc, out, buffer(0, n, nc), vmax);
    int chunks = Math.min(batch, CHUNKS);
    for (int k = 0; k < chunks; k++) buffer(k, n, nc);
    double[][] bufs = scratch;
    boolean[] ok = new boolean[chunks];
    workers.forEach(chunks, k -> ok[k] = products(gt, v, (int) ((long) batch * k / chunks),
        (int) ((long) batch * (k + 1) / chunks), nr, step, nc, out, bufs[k], vmax));
    for (boolean b : ok) if (!b) return false;
    return true;
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
