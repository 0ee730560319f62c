package insitu.boards.sim;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.boards.BoardSpec;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;

/**
 * A simulated board of 1T1R arrays with the physics of a {@link DeviceModel}. All randomness comes
 * from one seeded generator, drawn in a fixed order, so the same seed and the same commands give
 * the same conductances, in process or behind a serial link.
 */
public final class SimulatedBoard implements Board {
  private static final byte OK = 0, STUCK_OFF = 1, STUCK_ON = 2, DEAD = 3;

  private final BoardSpec spec;
  private final DeviceModel model;
  private final GaussianSource rng;
  private final double[][] siemens;
  private final byte[][] state;
  private long pulses, cellReads, mvmVectors, commands;
  /** Fast noiseless products; caches gathered conductances, so every change to siemens[a] must call products.touched(a). */
  private final ConductanceProducts products;

  public SimulatedBoard(BoardSpec spec, DeviceModel model, long seed) {
    this.spec = spec;
    this.model = model;
    this.rng = new GaussianSource(seed);
    this.products = new ConductanceProducts(spec.arrays());
    int n = spec.cellsPerArray();
    siemens = new double[spec.arrays()][n];
    state = new byte[spec.arrays()][n];
    for (int a = 0; a < spec.arrays(); a++) {
      for (int r = 0; r < spec.rows(); r++) {
        for (int c = 0; c < spec.cols(); c++) {
          int k = r * spec.cols() + c;
          double u = rng.uniform();
          if (spec.defects().isBadCell(a, r, c)) state[a][k] = DEAD;
          else if (u < model.stuckOffFraction()) state[a][k] = STUCK_OFF;
          else if (u < model.stuckOffFraction() + model.stuckOnFraction()) state[a][k] = STUCK_ON;
          siemens[a][k] = switch (state[a][k]) {
            case DEAD, STUCK_OFF -> model.minSiemens();
            case STUCK_ON -> model.stuckOnSiemens();
            default -> rng.uniform(model.initLowSiemens(), model.initHighSiemens());
          };
        }
      }
    }
  }

  /** A board with the spec derived from the model: {@code arrays} arrays of rows × cols. */
  public static SimulatedBoard of(DeviceModel model, int arrays, int rows, int cols, long seed) {
    return new SimulatedBoard(specFor(model, arrays, rows, cols), model, seed);
  }

  /** The spec a board with these devices presents: 0.2 V reads, 2.5 V SET, 5 V gates. */
  public static BoardSpec specFor(DeviceModel model, int arrays, int rows, int cols) {
    return new BoardSpec("sim:" + model.name(), arrays, rows, cols, model.minSiemens(), model.maxSiemens(), 0.2,
        3.0, 3.0, 5.0, 0, 1e-3, insitu.boards.DefectMap.none());
  }

  public DeviceModel deviceModel() {
    return model;
  }

  @Override
  public BoardSpec spec() {
    return spec;
  }

  @Override
  public synchronized void pulse(PulseBatch b) {
    spec.checkPulses(b);
    commands++;
    double[] g = siemens[b.array()];
    byte[] st = state[b.array()];
    int cols = spec.cols();
    int[] rs = b.rows(), cs = b.cols();
    double[] gates = b.gateVolts();
    boolean set = b.kind() == PulseKind.SET;
    boolean effective = set ? b.amplitudeVolts() >= model.minSetVolts() : b.amplitudeVolts() >= model.minResetVolts();
    double sigma = model.writeNoiseSiemens();
    products.touched(b.array());
    for (int k = 0; k < rs.length; k++) {
      int idx = rs[k] * cols + cs[k];
      pulses++;
      double noise = sigma > 0 ? sigma * rng.gaussian() : 0;
      if (st[idx] != OK || !effective) continue;
      double next;
      if (set) {
        if (gates[k] <= 0) continue; // transistor off: no current, no change
        double target = model.setTarget(gates[k]);
        next = model.setCannotLower() ? Math.max(g[idx], target) : target;
      } else {
        next = model.resetSiemens();
      }
      g[idx] = clip(next + noise);
    }
  }

  private double clip(double v) {
    return v < model.minSiemens() ? model.minSiemens() : Math.min(v, model.maxSiemens());
  }

  @Override
  public synchronized void read(Region region, double[] out) {
    spec.checkRegion(region);
    int n = region.cellCount();
    if (out.length < n) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + n);
    commands++;
    double[] g = siemens[region.array()];
    int cols = spec.cols(), nc = region.colCount();
    for (int i = 0; i < region.rowCount(); i++) {
      int base = region.row(i) * cols;
      for (int j = 0; j < nc; j++) out[i * nc + j] = readOne(g[base + region.col(j)]);
    }
    cellReads += n;
  }

  private double readOne(double g) {
    double v = g;
    if (model.readNoiseRelative() > 0) v += g * model.readNoiseRelative() * rng.gaussian();
    if (model.readNoiseSiemens() > 0) v += model.readNoiseSiemens() * rng.gaussian();
    return v;
  }

  @Override
  public synchronized void mvm(Region region, double[] rowVolts, int batch, double[] out) {
    spec.checkRegion(region);
    int nr = region.rowCount(), nc = region.colCount();
    if (rowVolts.length < batch * nr) throw new IllegalArgumentException("rowVolts holds " + rowVolts.length + " values, need " + batch * nr);
    if (out.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + batch * nc);
    double vmax = spec.readVolts() * (1 + 1e-9);
    boolean pairedDrive = ConductanceProducts.checkAndDetectPairs(rowVolts, batch, nr, vmax, spec.readVolts());
    commands++;
    mvmVectors += batch;
    boolean noisy = model.readNoiseRelative() > 0 || model.readNoiseSiemens() > 0;
    // Differential drive (+v on one row, −v on the next) is the common case; by superposition the
    // pair then acts as one device of conductance G⁺−G⁻, which halves the work. The test is on the
    // voltages alone, so every caller (in process or over a serial link) takes the same path.
    boolean paired = !noisy && pairedDrive;
    int step = paired ? 2 : 1;
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), paired);
    if (noisy) {
      // Noise draws must come from the one generator in a fixed order: sequential.
      for (int b = 0; b < batch; b++) noisyProduct(gt, rowVolts, b, nr, nc, out);
    } else {
      products.multiply(gt, rowVolts, batch, nr, step, nc, out, Double.POSITIVE_INFINITY); // checked above
    }
    if (spec.adcBits() > 0) for (int b = 0; b < batch; b++) quantize(out, b * nc, nc);
  }

  /**
   * Differential drive without building the ±v rows: the same sums as {@link #mvm} takes for
   * detected pairs (superposition), so in-process and serial callers get identical currents.
   * Boards with read noise take the general path, which draws noise per device.
   */
  @Override
  public synchronized void mvmDifferential(Region region, double[] pairVolts, int batch, double[] out) {
    if (model.readNoiseRelative() > 0 || model.readNoiseSiemens() > 0) {
      Board.super.mvmDifferential(region, pairVolts, batch, out);
      return;
    }
    spec.checkRegion(region);
    int nr = region.rowCount(), nc = region.colCount(), pairs = nr / 2;
    if ((nr & 1) != 0) throw new IllegalArgumentException("differential drive needs an even row count, got " + nr);
    if (pairVolts.length < batch * pairs) throw new IllegalArgumentException("pairVolts holds " + pairVolts.length + " values, need " + batch * pairs);
    if (out.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + batch * nc);
    double vmax = spec.readVolts() * (1 + 1e-9);
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), true);
    // The voltages are checked while they are multiplied (one pass); a bad one throws here, before counting.
    if (!products.multiply(gt, pairVolts, batch, pairs, 1, nc, out, vmax))
      ConductanceProducts.checkAndDetectPairs(pairVolts, batch * pairs, 1, vmax, spec.readVolts());
    commands++;
    mvmVectors += batch;
    if (spec.adcBits() > 0) for (int b = 0; b < batch; b++) quantize(out, b * nc, nc);
  }

  private void noisyProduct(double[] gt, double[] v, int b, int nr, int nc, double[] out) {
    int vb = b * nr, ob = b * nc;
    for (int j = 0; j < nc; j++) {
      double s = 0;
      for (int i = 0; i < nr; i++) s += readOne(gt[j * nr + i]) * v[vb + i];
      out[ob + j] = s;
    }
  }

  private void quantize(double[] out, int off, int n) {
    double fs = spec.fullScaleAmps();
    double step = 2 * fs / ((1 << spec.adcBits()) - 1);
    for (int j = off; j < off + n; j++) {
      double v = Math.max(-fs, Math.min(fs, out[j]));
      out[j] = Math.round(v / step) * step;
    }
  }

  @Override
  public synchronized BoardCounters counters() {
    return new BoardCounters(pulses, cellReads, mvmVectors, commands, 0);
  }

  /** Test hook: the true conductances of one array, row-major, without read noise or counting. */
  public synchronized double[] trueConductances(int array) {
    return siemens[array].clone();
  }

  @Override
  public void close() {}
}
