package insitu.boards.sim.products;

import insitu.boards.InputScaling;
import insitu.numeric.parallel.Workers;

/**
 * Differential drives in the column layout ({@code v[pair][vector]}) for the simulator's physical
 * path: the voltages of scaled inputs, and the range check, both over the cores.
 */
public final class ColumnVolts {
  private static final long PARALLEL_VALUES = 100_000;

  private ColumnVolts() {}

  /** The voltages {@link insitu.boards.drive.Drives} defines for scaled inputs ({@link InputScaling#volts}). */
  public static double[][] volts(Workers workers, double[][] pairInputs, double[] scales, int pairs, int batch, double readVolts) {
    if (pairInputs.length < pairs) throw new IllegalArgumentException("pairInputs holds " + pairInputs.length + " rows, need " + pairs);
    if (scales.length < batch) throw new IllegalArgumentException("scales holds " + scales.length + " values, need " + batch);
    double[][] v = new double[pairs][batch];
    workers.run(batch, (long) batch * pairs, PARALLEL_VALUES, (chunk, from, to) -> {
      for (int p = 0; p < pairs; p++) {
        double[] in = pairInputs[p], vp = v[p];
        for (int b = from; b < to; b++) vp[b] = InputScaling.volts(in[b], scales[b], readVolts);
      }
    });
    return v;
  }

  /**
   * Every voltage within ±readVolts (NaN fails), reporting the first bad one in the row path's
   * order (vector by vector, +v before −v), so the caller can refuse before anything counts.
   */
  public static void check(Workers workers, double[][] pairVolts, int pairs, int batch, double readVolts) {
    double vmax = readVolts * (1 + 1e-9);
    boolean[] ok = new boolean[Workers.chunks(batch, (long) batch * pairs, PARALLEL_VALUES)];
    workers.run(batch, (long) batch * pairs, PARALLEL_VALUES, (chunk, from, to) -> {
      boolean all = true;
      for (int p = 0; p < pairs; p++) {
        double[] x = pairVolts[p];
        for (int b = from; b < to; b++) all &= Math.abs(x[b]) <= vmax;
      }
      ok[chunk] = all;
    });
    boolean all = true;
    for (boolean o : ok) all &= o;
    if (all) return;
    for (int b = 0; b < batch; b++)
      for (int p = 0; p < pairs; p++)
        if (!(Math.abs(pairVolts[p][b]) <= vmax))
          throw new IllegalArgumentException("row voltage " + pairVolts[p][b] + " V outside ±" + readVolts + " V");
  }
}
