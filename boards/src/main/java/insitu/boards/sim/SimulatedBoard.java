package insitu.boards.sim;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import insitu.boards.capability.StateSnapshots;
import insitu.boards.capability.VectorKernels;
import insitu.boards.capability.VirtualClock;
import insitu.boards.drive.AutoScaledColumns;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.Drives;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.PairVoltColumns;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowDrive;
import insitu.boards.drive.RowVolts;
import insitu.boards.drive.ScaledColumns;
import insitu.numeric.parallel.Workers;
import insitu.numeric.random.GaussianSource;

/**
 * A simulated board of 1T1R arrays with the physics of a {@link DeviceModel}. All randomness comes
 * from one seeded generator, drawn in a fixed order, so the same seed and the same commands (and
 * the same {@link #advanceTime} calls) give the same conductances, in process or behind a serial
 * link.
 *
 * <p>The board owns a virtual clock: its commands advance it by the model's {@link BoardTiming},
 * and {@link #advanceTime} moves it on (ageing). Models with device physics
 * ({@link DeviceModel#hasDevicePhysics()}) take separate pulse/read/MVM paths that also keep, per
 * cell, the time and relaxation draw of its last effective pulse, its pulse count and endurance,
 * and its telegraph trap; the paper and ideal presets take the original paths unchanged.
 */
public final class SimulatedBoard implements Board, VirtualClock, StateSnapshots, VectorKernels {
  private static final byte OK = 0, STUCK_OFF = 1, STUCK_ON = 2, DEAD = 3, WORN = 4;

  private final BoardSpec spec;
  private final DeviceModel model;
  private final GaussianSource rng;
  private final Workers workers;
  private final boolean ownsWorkers;
  private final double[][] siemens;
  private final byte[][] state;
  private long pulses, cellReads, mvmVectors, commands;
  private double[] gatherBuffer = new double[0]; // physical MVMs only
  private double[][] sumRows = new double[0][]; // column-layout physical MVMs: running sums, kept between calls
  private double[] vvBuffer = new double[0];
  private double nowSeconds;
  // Device physics, allocated only when the model has them (null otherwise).
  private final boolean physical;
  private final double[][] lastPulseSeconds; // NaN: never pulsed, long relaxed
  private final double[][] relaxationZ;
  private final int[][] effectivePulses;
  private final double[][] endurancePulses; // pulses (two per cycle) at which the cell sticks
  private final boolean[][] trapped, trapHigh;
  private final double[][] offsetLsb; // per array and column
  private long saturatedReadings;
  /** Fast noiseless products; caches gathered conductances, so every change to siemens[a] must call products.touched(a). */
  private final ConductanceProducts products;

  /**
   * @param workers the threads the board's products and draws may use; the caller closes them
   *     after the board (which does not change a result: see {@link Workers})
   */
  public SimulatedBoard(BoardSpec spec, DeviceModel model, long seed, Workers workers) {
    this(spec, model, seed, workers, false);
  }

  /** A board with workers of its own (one per core), which it closes with itself. */
  public static SimulatedBoard withOwnWorkers(BoardSpec spec, DeviceModel model, long seed) {
    return new SimulatedBoard(spec, model, seed, Workers.perCore(), true);
  }

  private SimulatedBoard(BoardSpec spec, DeviceModel model, long seed, Workers workers, boolean ownsWorkers) {
    this.ownsWorkers = ownsWorkers;
    this.spec = spec;
    this.model = model;
    this.rng = new GaussianSource(seed);
    this.workers = workers;
    this.products = new ConductanceProducts(spec.arrays(), workers);
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
    // Everything below draws nothing for models without device physics, so their draw order is
    // what it always was.
    physical = model.hasDevicePhysics();
    int arrays = physical ? spec.arrays() : 0;
    lastPulseSeconds = new double[arrays][];
    relaxationZ = new double[arrays][];
    effectivePulses = new int[arrays][];
    endurancePulses = new double[arrays][];
    trapped = new boolean[arrays][];
    trapHigh = new boolean[arrays][];
    offsetLsb = new double[arrays][];
    for (int a = 0; a < arrays; a++) {
      lastPulseSeconds[a] = new double[n];
      java.util.Arrays.fill(lastPulseSeconds[a], Double.NaN);
      relaxationZ[a] = new double[n];
      effectivePulses[a] = new int[n];
      endurancePulses[a] = new double[n];
      trapped[a] = new boolean[n];
      trapHigh[a] = new boolean[n];
      offsetLsb[a] = new double[spec.cols()];
    }
    TelegraphNoise rtn = model.telegraph();
    if (!rtn.isNone())
      for (int a = 0; a < arrays; a++)
        for (int k = 0; k < n; k++)
          if (rng.uniform() < rtn.cellFraction()) {
            trapped[a][k] = true;
            trapHigh[a][k] = rng.uniform() < 0.5;
          }
    Endurance e = model.endurance();
    for (int a = 0; a < arrays; a++)
      for (int k = 0; k < n; k++)
        endurancePulses[a][k] = e.isNone() ? Double.POSITIVE_INFINITY : 2 * e.medianCycles() * Math.exp(e.logSpread() * rng.gaussian());
    ReadoutChain chain = model.readout();
    if (!chain.isNone())
      for (int a = 0; a < arrays; a++)
        for (int c = 0; c < spec.cols(); c++) offsetLsb[a][c] = Math.rint(chain.maxOffsetLsb() * (2 * rng.uniform() - 1));
  }

  /** A board with the spec derived from the model: {@code arrays} arrays of rows × cols. */
  public static SimulatedBoard of(DeviceModel model, int arrays, int rows, int cols, long seed, Workers workers) {
    return new SimulatedBoard(specFor(model, arrays, rows, cols), model, seed, workers);
  }

  /**
   * The spec a board with these devices presents: 0.2 V reads, 3 V SET and RESET, 5 V gates; the
   * ADC resolution and full scale of the model's readout chain (exact, ±1 mA without one).
   */
  public static BoardSpec specFor(DeviceModel model, int arrays, int rows, int cols) {
    ReadoutChain chain = model.readout();
    return new BoardSpec("sim:" + model.name(), arrays, rows, cols, model.minSiemens(), model.maxSiemens(), 0.2,
        3.0, 3.0, 5.0, chain.isNone() ? 0 : chain.adcBits(), chain.isNone() ? 1e-3 : chain.largestRangeAmps(),
        insitu.boards.DefectMap.none());
  }

  /** Virtual seconds since the board was made: its own operations plus {@link #advanceTime}. */
  @Override
  public synchronized double nowSeconds() {
    return nowSeconds;
  }

  /** Lets virtual time pass with the board idle (tests, ageing a trained board). */
  @Override
  public synchronized void advanceTime(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds))
      throw new IllegalArgumentException("time can only advance by a finite number of seconds >= 0, was " + seconds);
    nowSeconds += seconds;
  }

  /** Column readings that the readout chain clipped at its largest range, since the board was made. */
  public synchronized long saturatedReadings() {
    return saturatedReadings;
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
    nowSeconds += model.timing().commandSeconds();
    if (physical) {
      physicalPulse(b);
      return;
    }
    nowSeconds += b.size() * model.timing().pulseSeconds();
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
    nowSeconds += model.timing().commandSeconds();
    if (physical) {
      physicalRead(region, out);
      return;
    }
    nowSeconds += region.rowCount() * model.timing().sampleSeconds();
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
  public synchronized void mvm(Region region, RowDrive drive, double[] out) {
    if (drive instanceof RowVolts v) rowVolts(region, v.volts(), v.batch(), out);
    else if (drive instanceof PairVolts p) pairVolts(region, p, out);
    else featureMaps(region, (FeatureMaps) drive, out);
  }

  @Override
  public synchronized boolean mvm(Region region, ColumnDrive drive, double[][] out) {
    if (physical) return physicalColumns(region, drive, out);
    if (!pairsAsOneDevice()) return Drives.mvm(this, region, drive, out);
    if (drive instanceof PairVoltColumns c) pairVoltColumns(region, c.volts(), c.batch(), out);
    else if (drive instanceof ScaledColumns c) scaledColumns(region, c.inputs(), c.scales(), c.batch(), out);
    else return autoScaledColumns(region, (AutoScaledColumns) drive, out);
    return true;
  }

  private void rowVolts(Region region, double[] rowVolts, int batch, double[] out) {
    spec.checkRegion(region);
    int nr = region.rowCount(), nc = region.colCount();
    if (rowVolts.length < batch * nr) throw new IllegalArgumentException("rowVolts holds " + rowVolts.length + " values, need " + batch * nr);
    if (out.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + batch * nc);
    double vmax = spec.readVolts() * (1 + 1e-9);
    boolean pairedDrive = ConductanceProducts.checkAndDetectPairs(rowVolts, batch, nr, vmax, spec.readVolts());
    commands++;
    mvmVectors += batch;
    nowSeconds += model.timing().commandSeconds();
    if (physical) {
      physicalMvm(region, rowVolts, batch, out);
      return;
    }
    nowSeconds += batch * model.timing().sampleSeconds();
    boolean noisy = model.readNoiseRelative() > 0 || model.readNoiseSiemens() > 0;
    // Differential drive (+v on one row, −v on the next) is the common case; by superposition the
    // pair then acts as one device of conductance G⁺−G⁻, which halves the work. The test is on the
    // voltages alone, so every caller (in process or over a serial link) takes the same path.
    boolean paired = !noisy && pairedDrive;
    int step = paired ? 2 : 1;
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), paired);
    if (noisy) {
      NoisyProducts.multiply(workers, gt, rowVolts, batch, nr, nc, out, rng, model.readNoiseRelative(), model.readNoiseSiemens());
    } else {
      products.multiply(gt, rowVolts, batch, nr, step, nc, out, Double.POSITIVE_INFINITY); // checked above
    }
    if (spec.adcBits() > 0) for (int b = 0; b < batch; b++) quantize(out, b * nc, nc);
  }

  /**
   * Differential drive without building the ±v rows: the same sums as {@link #rowVolts} takes for
   * detected pairs (superposition), so in-process and serial callers get identical currents.
   * Boards with read noise or device physics take the row volts, which draw per device.
   */
  private void pairVolts(Region region, PairVolts drive, double[] out) {
    if (!pairsAsOneDevice()) {
      Drives.mvm(this, region, drive, out);
      return;
    }
    int pairs = checkDifferential(region), nc = region.colCount(), batch = drive.batch();
    double[] pairVolts = drive.volts();
    if (pairVolts.length < batch * pairs) throw new IllegalArgumentException("pairVolts holds " + pairVolts.length + " values, need " + batch * pairs);
    if (out.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + batch * nc);
    double vmax = spec.readVolts() * (1 + 1e-9);
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), true);
    // The voltages are checked while they are multiplied (one pass); a bad one throws here, before counting.
    if (!products.multiply(gt, pairVolts, batch, pairs, 1, nc, out, vmax))
      ConductanceProducts.checkAndDetectPairs(pairVolts, batch * pairs, 1, vmax, spec.readVolts());
    countMvm(batch);
    if (spec.adcBits() > 0) quantize(out, 0, batch * nc);
  }

  /**
   * Pair volts in the column layout: the same sums (each output over the pairs in order, one
   * multiply and one add per term), computed with the batch as the unit-stride axis.
   */
  private void pairVoltColumns(Region region, double[][] pairVolts, int batch, double[][] out) {
    int pairs = checkDifferential(region), nc = region.colCount();
    ConductanceProducts.checkColumnShapes(pairVolts, pairs, out, nc, batch);
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), true);
    products.multiplyColumns(gt, pairVolts, batch, pairs, nc, out, spec.readVolts() * (1 + 1e-9), spec.readVolts());
    countMvm(batch);
    if (spec.adcBits() > 0) for (int j = 0; j < nc; j++) quantize(out[j], 0, batch);
  }

  /** Scaled inputs: the voltages are computed inside the product sweep, where they stay in cache. */
  private void scaledColumns(Region region, double[][] pairInputs, double[] scales, int batch, double[][] out) {
    int pairs = checkDifferential(region), nc = region.colCount();
    ConductanceProducts.checkColumnShapes(pairInputs, pairs, out, nc, batch);
    if (scales.length < batch) throw new IllegalArgumentException("scales holds " + scales.length + " values, need " + batch);
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), true);
    products.multiplyScaledColumns(gt, pairInputs, scales, spec.readVolts(), batch, pairs, nc, out);
    countMvm(batch);
    if (spec.adcBits() > 0) for (int j = 0; j < nc; j++) quantize(out[j], 0, batch);
  }

  /** Whether this board's products run on the Vector API now (decision 21). */
  @Override
  public boolean vectorProductsInUse() {
    return products.vectorInUse();
  }

  /** Auto-scaled inputs: inputs filled, maxima, scales, voltages and products in one sweep over tiles of columns that stay in cache. */
  private boolean autoScaledColumns(Region region, AutoScaledColumns drive, double[][] out) {
    int pairs = checkDifferential(region), nc = region.colCount(), batch = drive.batch();
    double[][] pairInputs = drive.inputs();
    double[] outScales = drive.outScales();
    ConductanceProducts.checkColumnShapes(pairInputs, pairs, out, nc, batch);
    if (outScales.length < batch) throw new IllegalArgumentException("outScales holds " + outScales.length + " values, need " + batch);
    double[] gt = products.gathered(region, siemens[region.array()], spec.cols(), true);
    if (!products.multiplyAutoScaledColumns(gt, products.packed(region), pairInputs, spec.readVolts(), batch, pairs, nc, out, outScales, drive.fill()))
      return false;
    countMvm(batch);
    if (spec.adcBits() > 0) for (int j = 0; j < nc; j++) quantize(out[j], 0, batch);
    return true;
  }

  /**
   * A differential pair acts as one device of conductance G⁺−G⁻ (superposition) unless the devices
   * have their own physics or read noise, which is drawn per device.
   */
  private boolean pairsAsOneDevice() {
    return !physical && model.readNoiseRelative() == 0 && model.readNoiseSiemens() == 0;
  }

  /** Checks a region for differential drive; returns its number of row pairs. */
  private int checkDifferential(Region region) {
    spec.checkRegion(region);
    return Drives.pairs(region);
  }

  /** One MVM command of {@code batch} vectors: counters and the virtual clock. */
  private void countMvm(int batch) {
    commands++;
    mvmVectors += batch;
    nowSeconds += model.timing().commandSeconds() + batch * model.timing().sampleSeconds();
  }

  /**
   * Feature maps: the same voltages (PatchGeometry.pairVolts) into a buffer kept between calls,
   * samples unfolded in parallel chunks (each patch is independent, so the split changes
   * nothing), then as pair volts. A fresh single-threaded unfold per call made the in-process conv
   * layers 2.5× slower than driving the patches directly.
   */
  private void featureMaps(Region region, FeatureMaps drive, double[] out) {
    int pairs = drive.checkedPairs(region), samples = drive.samples();
    PatchGeometry geometry = drive.geometry();
    double[] maps = drive.maps();
    int vectors = drive.vectors(), perSample = geometry.patchesPerSample() * pairs, k = geometry.patchSize();
    if (patchVolts.length < (long) vectors * pairs) patchVolts = new double[vectors * pairs];
    double[] v = patchVolts;
    double readVolts = spec.readVolts();
    int chunks = (long) vectors * pairs < PARALLEL_UNFOLD_VALUES ? 1 : Math.min(samples, UNFOLD_CHUNKS);
    workers.forEach(chunks, c -> {
      int from = (int) ((long) samples * c / chunks), to = (int) ((long) samples * (c + 1) / chunks);
      geometry.pairVolts(maps, from, to, readVolts, pairs / k, v, from * perSample, new double[geometry.scratchSize()]);
    });
    pairVolts(region, new PairVolts(v, vectors), out);
  }

  private void quantize(double[] out, int off, int n) {
    double fs = spec.fullScaleAmps();
    double step = 2 * fs / ((1 << spec.adcBits()) - 1);
    for (int j = off; j < off + n; j++) {
      double v = Math.max(-fs, Math.min(fs, out[j]));
      out[j] = Math.round(v / step) * step;
    }
  }

  /** Unfolded patch voltages, reused between {@link #featureMaps} calls. */
  private double[] patchVolts = new double[0];
  private static final long PARALLEL_UNFOLD_VALUES = 50_000;
  private static final int UNFOLD_CHUNKS = 8;

  @Override
  public synchronized BoardCounters counters() {
    return new BoardCounters(pulses, cellReads, mvmVectors, commands, 0);
  }

  /**
   * Test hook: the true conductances of one array now, row-major (programmed value plus
   * relaxation), without read noise, telegraph noise or counting.
   */
  public synchronized double[] trueConductances(int array) {
    if (!physical) return siemens[array].clone();
    double[] g = new double[siemens[array].length];
    for (int k = 0; k < g.length; k++) g[k] = seen(array, k);
    return g;
  }

  /** Test hook: the conductances as last programmed, before relaxation. */
  public synchronized double[] programmedConductances(int array) {
    return siemens[array].clone();
  }

  /** Test hook: which cells of an array carry a telegraph trap (all false without telegraph noise). */
  public synchronized boolean[] telegraphCells(int array) {
    return physical ? trapped[array].clone() : new boolean[siemens[array].length];
  }

  /** Test hook: whether a cell is stuck (by a defect or by wear-out) and so ignores pulses. */
  public synchronized boolean isStuck(int array, int row, int col) {
    return state[array][row * spec.cols() + col] != OK;
  }

  // ---------------------------------------------------------------- device physics

  /** Conductance of a cell now: as programmed plus its relaxation, within the device's range. */
  private double seen(int a, int k) {
    double g = siemens[a][k];
    double t0 = lastPulseSeconds[a][k];
    if (t0 == t0) g += model.relaxation().shiftSiemens(relaxationZ[a][k], nowSeconds - t0);
    return clip(g);
  }

  /** Conductance a read sample sees: through the telegraph trap (which may flip first). */
  private double throughTrap(int a, int k, double g) {
    if (!trapped[a][k]) return g;
    TelegraphNoise rtn = model.telegraph();
    if (rng.uniform() < rtn.toggleProbability()) trapHigh[a][k] = !trapHigh[a][k];
    return rtn.apply(g, trapHigh[a][k]);
  }

  /**
   * Pulses under the model's switching, relaxation and endurance. Per effective pulse the draws
   * are, in order: the SET/RESET step noise (with switching), the write noise (if σ > 0), the
   * cell's new relaxation z (with relaxation). Stuck cells, pulses below threshold and SETs of
   * cells already at their compliance draw nothing.
   */
  private void physicalPulse(PulseBatch b) {
    int a = b.array(), cols = spec.cols();
    double[] g = siemens[a];
    byte[] st = state[a];
    int[] rs = b.rows(), cs = b.cols();
    double[] gates = b.gateVolts();
    boolean set = b.kind() == PulseKind.SET;
    double amp = b.amplitudeVolts();
    double overdrive = amp - (set ? model.minSetVolts() : model.minResetVolts());
    boolean effective = overdrive >= 0;
    SwitchingDynamics sw = model.switching();
    Relaxation relax = model.relaxation();
    Endurance endurance = model.endurance();
    double sigma = model.writeNoiseSiemens(), pulseSeconds = model.timing().pulseSeconds();
    double setFraction = sw.setFraction(overdrive), resetFactor = sw.resetFactor(overdrive);
    double t0 = nowSeconds;
    for (int k = 0; k < rs.length; k++) {
      int idx = rs[k] * cols + cs[k];
      pulses++;
      nowSeconds = t0 + k * pulseSeconds;
      if (st[idx] != OK || !effective) continue;
      double now = seen(a, idx), next;
      if (set) {
        if (gates[k] <= 0) continue; // transistor off: no current, no change
        double target = clip(model.setTarget(gates[k]));
        if (sw.isNone()) next = model.setCannotLower() ? Math.max(now, target) : target;
        else if (now >= target) continue; // at compliance already: the transistor limits the current
        else next = now + setFraction * (target - now) * (1 + sw.setStepSigma() * rng.gaussian());
      } else if (sw.isNone()) {
        next = model.resetSiemens();
      } else {
        double hrs = model.resetSiemens();
        next = hrs + (now - hrs) * resetFactor * Math.max(0, 1 + sw.resetStepSigma() * rng.gaussian());
      }
      if (sigma > 0) next += sigma * rng.gaussian();
      double lo = model.minSiemens(), hi = model.maxSiemens();
      int done = ++effectivePulses[a][idx];
      double narrowing = endurance.narrowing(done / endurancePulses[a][idx]);
      if (narrowing > 0) {
        double shrink = narrowing * (hi - lo) / 2;
        lo += shrink;
        hi -= shrink;
      }
      g[idx] = next < lo ? lo : Math.min(next, hi);
      if (done >= endurancePulses[a][idx]) {
        st[idx] = WORN; // sticks where this last pulse left it, and stops relaxing
        lastPulseSeconds[a][idx] = Double.NaN;
      } else if (!relax.isNone()) {
        relaxationZ[a][idx] = rng.gaussian();
        lastPulseSeconds[a][idx] = nowSeconds;
      }
    }
    nowSeconds = t0 + rs.length * pulseSeconds;
  }

  /**
   * Reads row by row, all selected columns at once. Per cell, in row-major order: the trap flip
   * (telegraph cells only), then Gaussian read noise. The column currents at the read voltage go
   * through the readout chain (one range per column per command) and come back as conductances.
   */
  private void physicalRead(Region region, double[] out) {
    int a = region.array(), cols = spec.cols(), nr = region.rowCount(), nc = region.colCount();
    double rel = model.readNoiseRelative(), abs = model.readNoiseSiemens();
    for (int i = 0; i < nr; i++) {
      int base = region.row(i) * cols;
      for (int j = 0; j < nc; j++) {
        int k = base + region.col(j);
        double g = throughTrap(a, k, seen(a, k)), v = g;
        if (rel > 0) v += g * rel * rng.gaussian();
        if (abs > 0) v += abs * rng.gaussian();
        out[i * nc + j] = v;
      }
    }
    cellReads += (long) nr * nc;
    if (!model.readout().isNone()) {
      double volts = spec.readVolts();
      for (int k = 0; k < nr * nc; k++) out[k] *= volts;
      for (int j = 0; j < nc; j++) readColumn(a, region.col(j), out, j, nc, nr);
      for (int k = 0; k < nr * nc; k++) out[k] /= volts;
    }
    nowSeconds += nr * model.timing().sampleSeconds();
  }

  /**
   * What one physical MVM call sees of each cell, gt[j·rows + i]: relaxed by now and through its
   * trap (which may flip once per call; the flips draw from the generator, row by row).
   */
  private double[] seenConductances(Region region) {
    int a = region.array(), cols = spec.cols(), nr = region.rowCount(), nc = region.colCount();
    if (gatherBuffer.length < nr * nc) gatherBuffer = new double[nr * nc];
    double[] gt = gatherBuffer, g = siemens[a], t0s = lastPulseSeconds[a], zs = relaxationZ[a];
    Relaxation relaxation = model.relaxation();
    // seen(a, k), with the logarithm of each distinct pulse time taken once per call (cells
    // programmed together share it; write-verify leaves a few hundred distinct times).
    java.util.Arrays.fill(lnKeys, Double.NaN);
    for (int i = 0; i < nr; i++) {
      int base = region.row(i) * cols;
      for (int j = 0; j < nc; j++) {
        int k = base + region.col(j);
        double v = g[k], t0 = t0s[k];
        if (t0 == t0) {
          long bits = Double.doubleToRawLongBits(t0);
          int slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 45)) & (LN_CACHE - 1);
          if (lnKeys[slot] != t0) {
            lnKeys[slot] = t0;
            lnValues[slot] = Relaxation.lnElapsed(nowSeconds - t0);
          }
          v += relaxation.shiftAtLn(zs[k], lnValues[slot]);
        }
        gt[j * nr + i] = throughTrap(a, k, clip(v));
      }
    }
    return gt;
  }

  private static final int LN_CACHE = 256;
  private final double[] lnKeys = new double[LN_CACHE], lnValues = new double[LN_CACHE];

  /**
   * MVMs with device physics. Each call sees every cell once, as relaxed by now and through its
   * trap (which may flip once per call: trap states live for milliseconds, longer than one
   * vector). Read noise is drawn on the column current of each vector as one Gaussian of
   * σ² = Σᵢ (σ_rel·Gᵢ·vᵢ)² + Σᵢ (σ_abs·vᵢ)², which is exactly the distribution of independent
   * per-device, per-vector read noise at one draw per output instead of one per device. Then
   * the readout chain (one range per column per call) or the spec's plain ADC.
   */
  private void physicalMvm(Region region, double[] v, int batch, double[] out) {
    int a = region.array(), nr = region.rowCount(), nc = region.colCount();
    double[] gt = seenConductances(region);
    double rel2 = model.readNoiseRelative() * model.readNoiseRelative(), abs2 = model.readNoiseSiemens() * model.readNoiseSiemens();
    boolean noisy = rel2 > 0 || abs2 > 0;
    for (int b = 0; b < batch; b++) {
      int vb = b * nr, ob = b * nc;
      double vv = 0;
      if (abs2 > 0) for (int i = 0; i < nr; i++) vv += v[vb + i] * v[vb + i];
      for (int j = 0; j < nc; j++) {
        int gj = j * nr;
        double s = 0, q = 0;
        for (int i = 0; i < nr; i++) {
          double x = gt[gj + i] * v[vb + i];
          s += x;
          q += x * x;
        }
        out[ob + j] = noisy ? s + Math.sqrt(rel2 * q + abs2 * vv) * rng.gaussian() : s;
      }
    }
    if (!model.readout().isNone()) for (int j = 0; j < nc; j++) readColumn(a, region.col(j), out, j, nc, batch);
    else if (spec.adcBits() > 0) for (int b = 0; b < batch; b++) quantize(out, b * nc, nc);
    nowSeconds += batch * model.timing().sampleSeconds();
  }

  /**
   * A column drive with device physics: as pair volt columns, auto-scaled inputs scaled first
   * ({@link Drives#autoScale}), scaled inputs turned into voltages over the cores.
   */
  private boolean physicalColumns(Region region, ColumnDrive drive, double[][] out) {
    if (drive instanceof PairVoltColumns c) {
      physicalMvmColumns(region, c.volts(), c.batch(), out);
      return true;
    }
    double[][] inputs;
    double[] scales;
    if (drive instanceof ScaledColumns c) {
      inputs = c.inputs();
      scales = c.scales();
    } else {
      AutoScaledColumns a = (AutoScaledColumns) drive;
      if (!Drives.autoScale(region, a, spec.readVolts())) return false;
      inputs = a.inputs();
      scales = a.outScales();
    }
    ConductanceProducts.checkColumnShapes(inputs, checkDifferential(region), out, region.colCount(), drive.batch());
    physicalMvmColumns(region, ColumnVolts.volts(workers, inputs, scales, region.rowCount() / 2, drive.batch(), spec.readVolts()), drive.batch(), out);
    return true;
  }

  /**
   * Row volts with device physics of differential drive in the column layout (what the reference
   * would expand to ±v rows and transpose): the same checks, counters, draws and currents, bit for
   * bit. The draws (traps while gathering, then one Gaussian per output, vector by vector) stay on
   * this thread in the row path's order; only the sums, which draw nothing, run over the cores.
   */
  private void physicalMvmColumns(Region region, double[][] pairVolts, int batch, double[][] out) {
    int pairs = checkDifferential(region), nc = region.colCount();
    ConductanceProducts.checkColumnShapes(pairVolts, pairs, out, nc, batch);
    ColumnVolts.check(workers, pairVolts, pairs, batch, spec.readVolts());
    commands++;
    mvmVectors += batch;
    nowSeconds += model.timing().commandSeconds();
    int a = region.array(), nr = 2 * pairs;
    double[] gt = seenConductances(region);
    double rel2 = model.readNoiseRelative() * model.readNoiseRelative(), abs2 = model.readNoiseSiemens() * model.readNoiseSiemens();
    double[] z = rel2 > 0 || abs2 > 0 ? new double[batch * nc] : null;
    if (sumRows.length < 2 * nc || sumRows[0].length < batch) sumRows = new double[Math.max(2 * nc, sumRows.length)][Math.max(batch, sumRows.length > 0 ? sumRows[0].length : 0)];
    if (vvBuffer.length < batch) vvBuffer = new double[batch];
    double[][] s = java.util.Arrays.copyOfRange(sumRows, 0, nc), q = java.util.Arrays.copyOfRange(sumRows, nc, 2 * nc);
    double[] vv = vvBuffer;
    long work = (long) batch * nr * nc;
    int chunks = Workers.chunks(batch, work, PARALLEL_PHYSICAL_MACS);
    // One Gaussian per output, vector by vector: the row path's draws, in its order.
    if (z != null) rng.fill(workers, z, 0, z.length);
    workers.run(batch, work, PARALLEL_PHYSICAL_MACS, (chunk, from, to) -> PhysicalColumnSums.sums(gt, pairVolts, pairs, nc, abs2, from, to, s, q, vv));
    boolean readout = !model.readout().isNone();
    // Each chunk also finds its part of every column's peak, which picks the column's range.
    double[] peaks = new double[chunks * nc];
    workers.run(batch, work, PARALLEL_PHYSICAL_MACS, (chunk, from, to) -> {
      PhysicalColumnSums.currents(s, q, vv, rel2, abs2, z, nc, from, to, out);
      if (readout) for (int j = 0; j < nc; j++) peaks[chunk * nc + j] = ColumnReadout.peak(out[j], from, to);
    });
    if (readout) readColumns(a, region, out, nc, batch, peaks, work);
    else if (spec.adcBits() > 0) for (int j = 0; j < nc; j++) quantize(out[j], 0, batch);
    nowSeconds += batch * model.timing().sampleSeconds();
  }

  /**
   * {@link #readColumn} of every column of a column-layout MVM, given each chunk's peaks: the same
   * ranges (a peak is a maximum, whatever the split) and codes, coded in parallel.
   */
  private void readColumns(int a, Region region, double[][] out, int nc, int batch, double[] peaks, long work) {
    ReadoutChain chain = model.readout();
    double[] range = new double[nc], offset = new double[nc];
    for (int j = 0; j < nc; j++) {
      double peak = 0;
      for (int k = j; k < peaks.length; k += nc) peak = Math.max(peak, peaks[k]);
      range[j] = chain.rangeFor(peak);
      offset[j] = offsetLsb[a][region.col(j)];
    }
    int[] saturated = new int[Workers.chunks(batch, work, PARALLEL_PHYSICAL_MACS)];
    workers.run(batch, work, PARALLEL_PHYSICAL_MACS, (chunk, from, to) -> {
      for (int j = 0; j < nc; j++) saturated[chunk] += ColumnReadout.code(chain, out[j], from, to, range[j], offset[j]);
    });
    for (int n : saturated) saturatedReadings += n;
  }

  private static final long PARALLEL_PHYSICAL_MACS = 100_000;




  /** Auto-ranges one column (entries j, j+stride, …) and replaces its currents by the ADC's reading. */
  private void readColumn(int a, int col, double[] amps, int j, int stride, int count) {
    ReadoutChain chain = model.readout();
    double peak = 0;
    for (int k = 0; k < count; k++) peak = Math.max(peak, Math.abs(amps[j + k * stride]));
    double range = chain.rangeFor(peak), lsb = chain.lsbAmps(range), offset = offsetLsb[a][col];
    for (int k = 0; k < count; k++) {
      int at = j + k * stride;
      if (Math.abs(amps[at]) > range) saturatedReadings++;
      amps[at] = chain.code(amps[at], range, offset) * lsb;
    }
  }

  @Override
  public void close() {
    if (ownsWorkers) workers.close();
  }

  /**
   * Writes everything that changes as the board is used (conductances, cell states, relaxation and
   * wear, telegraph states, clock, counters, generator state), so a checkpoint can bring a fresh
   * board built with the same spec, model and seed back to exactly this moment.
   */
  @Override
  public synchronized void writeState(java.io.DataOutputStream out) throws java.io.IOException {
    out.writeInt(STATE_FORMAT);
    out.writeInt(siemens.length);
    out.writeInt(spec.cellsPerArray());
    for (int a = 0; a < siemens.length; a++) {
      for (double v : siemens[a]) out.writeDouble(v);
      out.write(state[a]);
    }
    out.writeBoolean(physical);
    if (physical)
      for (int a = 0; a < siemens.length; a++)
        for (int k = 0; k < spec.cellsPerArray(); k++) {
          out.writeDouble(lastPulseSeconds[a][k]);
          out.writeDouble(relaxationZ[a][k]);
          out.writeInt(effectivePulses[a][k]);
          out.writeBoolean(trapHigh[a][k]);
        }
    out.writeLong(pulses);
    out.writeLong(cellReads);
    out.writeLong(mvmVectors);
    out.writeLong(commands);
    out.writeLong(saturatedReadings);
    out.writeDouble(nowSeconds);
    GaussianSource.State r = rng.snapshot();
    out.writeLong(r.state());
    out.writeDouble(r.spare());
    out.writeBoolean(r.hasSpare());
  }

  /** Restores what {@link #writeState} wrote; the board must have the same spec and model. */
  @Override
  public synchronized void readState(java.io.DataInputStream in) throws java.io.IOException {
    if (in.readInt() != STATE_FORMAT) throw new java.io.IOException("unknown simulated-board state format");
    if (in.readInt() != siemens.length || in.readInt() != spec.cellsPerArray())
      throw new java.io.IOException("saved board state is for a board of another size");
    for (int a = 0; a < siemens.length; a++) {
      for (int k = 0; k < siemens[a].length; k++) siemens[a][k] = in.readDouble();
      in.readFully(state[a]);
    }
    if (in.readBoolean() != physical) throw new java.io.IOException("saved board state is for another device model");
    if (physical)
      for (int a = 0; a < siemens.length; a++)
        for (int k = 0; k < spec.cellsPerArray(); k++) {
          lastPulseSeconds[a][k] = in.readDouble();
          relaxationZ[a][k] = in.readDouble();
          effectivePulses[a][k] = in.readInt();
          trapHigh[a][k] = in.readBoolean();
        }
    pulses = in.readLong();
    cellReads = in.readLong();
    mvmVectors = in.readLong();
    commands = in.readLong();
    saturatedReadings = in.readLong();
    nowSeconds = in.readDouble();
    rng.restore(new GaussianSource.State(in.readLong(), in.readDouble(), in.readBoolean()));
    for (int a = 0; a < siemens.length; a++) products.touched(a);
  }

  private static final int STATE_FORMAT = 1;
}
