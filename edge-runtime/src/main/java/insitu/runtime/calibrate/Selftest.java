package insitu.runtime.calibrate;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Characterizes a board with few pulses and returns a {@link Calibration}:
 *
 * <ol>
 *   <li>Stuck scan of every cell: one RESET at the largest amplitude, read, one SET at the largest
 *       amplitude and a high gate, read. A cell that moves less than a quarter of the median
 *       swing is stuck; a row or column where most cells are stuck is a bad line. The medians give
 *       the conductance window.
 *   <li>SET amplitude: on a sample of responsive cells, the smallest of 2.0/2.5/3.0 V whose one
 *       SET covers 97 % of what the largest covers (stochastic SET needs overdrive; more wears).
 *   <li>Gate sweep on the sample: RESET twice, SET at Vg, read twice, for Vg in steps up to a
 *       ceiling; least squares of G on Vg over the gates whose median lies inside the window's
 *       middle 80 % (below it the transistor is off, above it the device saturates).
 *   <li>Noise: the sample SET to the window centre, read repeatedly (read noise), and the spread
 *       of where they landed (write spread).
 * </ol>
 *
 * <p>Deterministic given the board's seed and the options' seed (which picks the sample).
 */
public final class Selftest {

  /**
   * @param sampleCells responsive cells used for the amplitude and gate sweeps and the noise
   * @param gateStepVolts gate sweep step
   * @param maxSweepGateVolts gate sweep ceiling (and the gate of the stuck scan's SET)
   * @param noiseReads repeated reads per sample cell for the read noise
   * @param maxWeight largest |w| the derived mapping keeps inside the window
   * @param seed picks the sample cells
   */
  public record Options(int sampleCells, double gateStepVolts, double maxSweepGateVolts, int noiseReads, double maxWeight, long seed) {
    public Options {
      if (sampleCells < 4 || noiseReads < 2 || !(gateStepVolts > 0) || !(maxSweepGateVolts > gateStepVolts) || !(maxWeight > 0))
        throw new IllegalArgumentException("self-test needs >= 4 sample cells, >= 2 noise reads, a positive gate step and max |w|");
    }

    /** 32 sample cells, gates 0.2–4.0 V in 0.2 V steps, 8 noise reads, weights up to |w| = 2. */
    public static Options defaults() {
      return new Options(32, 0.2, 4.0, 8, 2.0, 1);
    }
  }

  private final Board board;
  private final BoardSpec spec;
  private final Options options;
  private long pulses;

  private Selftest(Board board, Options options) {
    this.board = board;
    this.spec = board.spec();
    this.options = options;
  }

  public static Calibration run(Board board, Options options) {
    return new Selftest(board, options).run();
  }

  private Calibration run() {
    long t0 = System.nanoTime();
    double resetVolts = spec.maxResetVolts(), resetGate = spec.maxGateVolts();
    double topGate = Math.min(options.maxSweepGateVolts(), spec.maxGateVolts());
    double maxSet = spec.maxSetVolts();

    // 1. Stuck scan of every cell of every array.
    int rows = spec.rows(), cols = spec.cols(), n = rows * cols;
    List<Calibration.StuckCell> stuck = new ArrayList<>();
    List<int[]> badRows = new ArrayList<>(), badCols = new ArrayList<>();
    List<int[]> responsive = new ArrayList<>();
    double[] lowAll = new double[spec.arrays() * n], highAll = new double[spec.arrays() * n];
    boolean[] dead = new boolean[spec.arrays() * n];
    for (int a = 0; a < spec.arrays(); a++) {
      Region all = Region.rect(a, 0, rows, 0, cols);
      pulseAll(a, PulseKind.RESET, resetVolts, resetGate);
      double[] lo = new double[n], hi = new double[n];
      board.read(all, lo);
      pulseAll(a, PulseKind.SET, maxSet, topGate);
      board.read(all, hi);
      System.arraycopy(lo, 0, lowAll, a * n, n);
      System.arraycopy(hi, 0, highAll, a * n, n);
    }
    double lowMed = median(lowAll), highMed = median(highAll);
    double swing = highMed - lowMed;
    if (!(swing > 0)) throw new IllegalStateException("board '" + spec.name() + "' did not respond to SET/RESET at all");
    for (int k = 0; k < dead.length; k++) dead[k] = highAll[k] - lowAll[k] < 0.25 * swing;
    confirm(dead, lowAll, highAll, swing, resetVolts, resetGate, maxSet, topGate);
    for (int a = 0; a < spec.arrays(); a++) {
      boolean[] rowBad = new boolean[rows], colBad = new boolean[cols];
      for (int r = 0; r < rows; r++) {
        int c0 = 0;
        for (int c = 0; c < cols; c++) if (dead[a * n + r * cols + c]) c0++;
        if (c0 > cols / 2) { rowBad[r] = true; badRows.add(new int[] {a, r}); }
      }
      for (int c = 0; c < cols; c++) {
        int r0 = 0;
        for (int r = 0; r < rows; r++) if (dead[a * n + r * cols + c]) r0++;
        if (r0 > rows / 2) { colBad[c] = true; badCols.add(new int[] {a, c}); }
      }
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
          int k = a * n + r * cols + c;
          if (rowBad[r] || colBad[c]) continue;
          if (dead[k]) stuck.add(new Calibration.StuckCell(a, r, c, (lowAll[k] + highAll[k]) / 2));
          else responsive.add(new int[] {a, r, c});
        }
    }
    if (responsive.size() < options.sampleCells())
      throw new IllegalStateException("board '" + spec.name() + "' has only " + responsive.size() + " responsive cells");
    int[][] sample = sample(responsive);

    // 2. SET amplitude: the gentlest that still covers 97 % of the largest's step.
    double[] amps = Arrays.stream(new double[] {2.0, 2.5, 3.0}).filter(v -> v <= maxSet).toArray();
    if (amps.length == 0) amps = new double[] {maxSet};
    double[] reach = new double[amps.length];
    for (int i = 0; i < amps.length; i++) {
      pulseSample(sample, PulseKind.RESET, resetVolts, resetGate, 2);
      pulseSample(sample, PulseKind.SET, amps[i], topGate, 1);
      reach[i] = median(readSample(sample, 1)) - lowMed;
    }
    // Stochastic SET covers a fraction of the way that grows with overdrive; the gentlest
    // amplitude within 3 % of the strongest keeps open-loop landings close to the fit.
    double setVolts = amps[amps.length - 1];
    for (int i = 0; i < amps.length; i++) if (reach[i] >= 0.97 * reach[amps.length - 1]) { setVolts = amps[i]; break; }

    // 3. Gate sweep and fit over the linear region.
    int steps = (int) Math.floor(topGate / options.gateStepVolts() + 1e-9);
    double[] gates = new double[steps], medians = new double[steps];
    double[][] landed = new double[steps][];
    for (int s = 0; s < steps; s++) {
      gates[s] = (s + 1) * options.gateStepVolts();
      pulseSample(sample, PulseKind.RESET, resetVolts, resetGate, 2);
      pulseSample(sample, PulseKind.SET, setVolts, gates[s], 1);
      landed[s] = readSample(sample, 2);
      medians[s] = median(landed[s]);
    }
    // The sweep's own plateau (median of its top three gates) bounds the linear region from above:
    // near it the compliance line is clipped by the device window and the fit would flatten.
    double plateau = median(Arrays.copyOfRange(medians, Math.max(0, steps - 3), steps));
    double lo = lowMed + 0.1 * (plateau - lowMed), hi = lowMed + 0.85 * (plateau - lowMed);
    int m = 0;
    for (int st = 0; st < steps; st++) if (!(medians[st] < lo || medians[st] > hi)) m += landed[st].length;
    if (m < 2 * sample.length)
      throw new IllegalStateException("board '" + spec.name() + "': fewer than two sweep gates landed inside the window; widen the sweep");
    double[] fitGates = new double[m], fitLanded = new double[m];
    int k = 0;
    for (int st = 0; st < steps; st++) {
      if (medians[st] < lo || medians[st] > hi) continue;
      for (double g : landed[st]) {
        fitGates[k] = gates[st];
        fitLanded[k++] = g;
      }
    }
    SetResponseFit fit = SetResponseFit.of(fitGates, fitLanded);
    double slope = fit.slopeSiemensPerVolt(), offset = fit.offsetSiemens(), rms = fit.rmsSiemens();
    double windowLow = Math.max(spec.minSiemens(), lowMed), windowHigh = Math.min(spec.maxSiemens(), Math.max(highMed, plateau));
    double minGate = Math.max(gates[0], (windowLow - offset) / slope);
    double maxGate = Math.min(topGate, (windowHigh - offset) / slope);

    // 4. Noise at the window centre.
    double center = (windowLow + windowHigh) / 2;
    pulseSample(sample, PulseKind.RESET, resetVolts, resetGate, 2);
    pulseSample(sample, PulseKind.SET, setVolts, Math.max(minGate, Math.min(maxGate, (center - offset) / slope)), 1);
    double[][] reads = new double[options.noiseReads()][];
    for (int r = 0; r < reads.length; r++) reads[r] = readSample(sample, 1);
    double[] relStd = new double[sample.length], absStd = new double[sample.length], mean = new double[sample.length];
    for (int i = 0; i < sample.length; i++) {
      double s1 = 0, s2 = 0;
      for (double[] rd : reads) { s1 += rd[i]; s2 += rd[i] * rd[i]; }
      mean[i] = s1 / reads.length;
      absStd[i] = Math.sqrt(Math.max(0, (s2 - reads.length * mean[i] * mean[i]) / (reads.length - 1)));
      relStd[i] = mean[i] > 0 ? absStd[i] / mean[i] : 0;
    }
    double readRel = median(relStd), readAbs = median(absStd), writeSpread = std(mean);

    // Derived choices. A margin of 2.5 % of the window at each end leaves room for write noise
    // and relaxation; G± = centre ± w·ratio/2 then fits for |w| ≤ maxWeight.
    double span = windowHigh - windowLow, margin = 0.025 * span;
    double siemensPerWeight = (span - 2 * margin) / options.maxWeight();
    // The write-verify window: no tighter than four read-noise σ (a verify could not tell), and
    // no tighter than 2.5 % of the window (≈1 µS on a 40 µS device, NeuRRAM's ±1 µS: tighter
    // windows chase post-pulse relaxation and write noise and fail cells for nothing).
    double tolerance = Math.max(4 * readAbs, 0.025 * span);
    return new Calibration(spec.name(), (System.nanoTime() - t0) / 1e9, pulses, slope, offset, rms, minGate, maxGate, setVolts,
        resetVolts, resetGate, windowLow, windowHigh, readRel, readAbs, writeSpread, options.maxWeight(), siemensPerWeight, center,
        tolerance, spec.arrays() * n, stuck, badRows, badCols);
  }

  /**
   * A stochastic SET can fall short once; a flagged cell gets a second RESET/SET and stays flagged
   * only if it fails again. Costs two pulses per flagged cell, not per cell.
   */
  private void confirm(boolean[] dead, double[] low, double[] high, double swing, double resetVolts, double resetGate,
                       double setVolts, double gate) {
    int n = spec.rows() * spec.cols();
    List<int[]> flagged = new ArrayList<>();
    for (int k = 0; k < dead.length; k++) if (dead[k]) flagged.add(new int[] {k / n, (k % n) / spec.cols(), k % spec.cols()});
    if (flagged.isEmpty()) return;
    int[][] cells = flagged.toArray(new int[0][]);
    pulseSample(cells, PulseKind.RESET, resetVolts, resetGate, 1);
    double[] lo = readSample(cells, 1);
    pulseSample(cells, PulseKind.SET, setVolts, gate, 1);
    double[] hi = readSample(cells, 1);
    for (int i = 0; i < cells.length; i++) {
      int k = cells[i][0] * n + cells[i][1] * spec.cols() + cells[i][2];
      if (hi[i] - lo[i] >= 0.25 * swing) {
        dead[k] = false;
        low[k] = lo[i];
        high[k] = hi[i];
      }
    }
  }

  private int[][] sample(List<int[]> responsive) {
    // A seeded partial Fisher–Yates: spread over the array, reproducible.
    SplittableRandom rnd = new SplittableRandom(options.seed());
    int[][] pool = responsive.toArray(new int[0][]);
    int k = options.sampleCells();
    for (int i = 0; i < k; i++) {
      int j = i + rnd.nextInt(pool.length - i);
      int[] t = pool[i]; pool[i] = pool[j]; pool[j] = t;
    }
    int[][] s = Arrays.copyOf(pool, k);
    // Sorted by array, row, col so reads and pulses go out in a fixed order.
    Arrays.sort(s, (x, y) -> x[0] != y[0] ? x[0] - y[0] : x[1] != y[1] ? x[1] - y[1] : x[2] - y[2]);
    return s;
  }

  private void pulseAll(int array, PulseKind kind, double amp, double gate) {
    int rows = spec.rows(), cols = spec.cols();
    int[] rs = new int[rows * cols], cs = new int[rows * cols];
    double[] gs = new double[rows * cols];
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++) { rs[r * cols + c] = r; cs[r * cols + c] = c; gs[r * cols + c] = gate; }
    board.pulse(new PulseBatch(array, kind, amp, rs, cs, gs));
    pulses += (long) rows * cols;
  }

  private void pulseSample(int[][] sample, PulseKind kind, double amp, double gate, int times) {
    for (int t = 0; t < times; t++)
      for (int a = 0; a < spec.arrays(); a++) {
        int count = 0;
        for (int[] s : sample) if (s[0] == a) count++;
        if (count == 0) continue;
        int[] rs = new int[count], cs = new int[count];
        double[] gs = new double[count];
        int i = 0;
        for (int[] s : sample) if (s[0] == a) { rs[i] = s[1]; cs[i] = s[2]; gs[i++] = gate; }
        board.pulse(new PulseBatch(a, kind, amp, rs, cs, gs));
        pulses += count;
      }
  }

  /** One single-cell read per sample cell (averaged over {@code reads}). */
  private double[] readSample(int[][] sample, int reads) {
    double[] out = new double[sample.length], one = new double[1];
    for (int r = 0; r < reads; r++)
      for (int i = 0; i < sample.length; i++) {
        board.read(new Region(sample[i][0], new int[] {sample[i][1]}, new int[] {sample[i][2]}), one);
        out[i] += one[0] / reads;
      }
    return out;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double std(double[] v) {
    double m = 0, q = 0;
    for (double x : v) m += x;
    m /= v.length;
    for (double x : v) q += (x - m) * (x - m);
    return Math.sqrt(q / (v.length - 1));
  }
}
