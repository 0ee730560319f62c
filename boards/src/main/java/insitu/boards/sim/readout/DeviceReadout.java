package insitu.boards.sim.readout;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.boards.Region;
import insitu.boards.drive.AutoScaledColumns;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.Drives;
import insitu.boards.drive.PairVoltColumns;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.ScaledColumns;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.Relaxation;
import insitu.boards.sim.TelegraphNoise;
import insitu.boards.sim.physics.Conductances;
import insitu.boards.sim.products.ColumnProducts;
import insitu.boards.sim.products.ColumnVolts;
import insitu.boards.sim.products.PhysicalColumnSums;
import insitu.boards.sim.state.CellArrays;
import insitu.boards.sim.state.DeviceHistory;
import insitu.boards.sim.state.Meter;
import insitu.numeric.parallel.Workers;
import insitu.numeric.random.GaussianSource;

/**
 * The readout of devices with physics. Every read sample and every MVM call sees each cell as
 * relaxed by now ({@link Conductances}) and through its telegraph trap, which may flip first (once
 * per read sample or MVM call: trap states live for milliseconds, longer than one vector). Reads
 * add Gaussian read noise per cell; an MVM draws it on the column current of each vector as one
 * Gaussian of σ² = Σᵢ (σ_rel·Gᵢ·vᵢ)² + Σᵢ (σ_abs·vᵢ)², exactly the distribution of independent
 * per-device, per-vector read noise at one draw per output. Then the readout chain (one range per
 * column per command), or the spec's plain ADC without one.
 */
public final class DeviceReadout implements Readout {
  private static final long PARALLEL_PHYSICAL_MACS = 100_000;
  private static final int LN_CACHE = 256;

  private final BoardSpec spec;
  private final DeviceModel model;
  private final CellArrays cells;
  private final DeviceHistory history;
  private final Conductances conductances;
  private final GaussianSource rng;
  private final Workers workers;
  private final Meter meter;
  private final ChainReadout chain; // null: no readout chain
  private final SpecAdc adc;
  private final double rel2, abs2;
  private double[] gatherBuffer = new double[0];
  private double[][] sumRows = new double[0][]; // column-layout MVMs: running sums, kept between calls
  private double[] vvBuffer = new double[0];
  private final double[] lnKeys = new double[LN_CACHE], lnValues = new double[LN_CACHE];

  /** Draws the readout chain's column offsets (after the cells and their history), if the model has a chain. */
  public DeviceReadout(BoardSpec spec, DeviceModel model, CellArrays cells, DeviceHistory history, GaussianSource rng, Workers workers,
                       Meter meter) {
    this.spec = spec;
    this.model = model;
    this.cells = cells;
    this.history = history;
    this.conductances = new Conductances(model, cells, history);
    this.rng = rng;
    this.workers = workers;
    this.meter = meter;
    this.chain = model.readout().isNone() ? null : new ChainReadout(spec, model.readout(), rng, meter);
    this.adc = new SpecAdc(spec);
    rel2 = model.readNoiseRelative() * model.readNoiseRelative();
    abs2 = model.readNoiseSiemens() * model.readNoiseSiemens();
  }

  /**
   * Row by row, all selected columns at once. Per cell, in row-major order: the trap flip
   * (telegraph cells only), then Gaussian read noise. The column currents at the read voltage go
   * through the readout chain (one range per column per command) and come back as conductances.
   */
  @Override
  public void read(Region region, double[] out) {
    int a = region.array(), cols = spec.cols(), nr = region.rowCount(), nc = region.colCount();
    double rel = model.readNoiseRelative(), abs = model.readNoiseSiemens(), now = meter.nowSeconds();
    for (int i = 0; i < nr; i++) {
      int base = region.row(i) * cols;
      for (int j = 0; j < nc; j++) {
        int k = base + region.col(j);
        double g = throughTrap(a, k, conductances.now(a, k, now)), v = g;
        if (rel > 0) v += g * rel * rng.gaussian();
        if (abs > 0) v += abs * rng.gaussian();
        out[i * nc + j] = v;
      }
    }
    meter.cellsRead((long) nr * nc);
    if (chain != null) {
      double volts = spec.readVolts();
      for (int k = 0; k < nr * nc; k++) out[k] *= volts;
      for (int j = 0; j < nc; j++) chain.readColumn(a, region.col(j), out, j, nc, nr);
      for (int k = 0; k < nr * nc; k++) out[k] /= volts;
    }
  }

  @Override
  public void rows(Region region, double[] v, int batch, boolean pairedDrive, double[] out) {
    int a = region.array(), nr = region.rowCount(), nc = region.colCount();
    double[] gt = seenConductances(region);
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
    if (chain != null) for (int j = 0; j < nc; j++) chain.readColumn(a, region.col(j), out, j, nc, batch);
    else if (!adc.exact()) for (int b = 0; b < batch; b++) adc.quantize(out, b * nc, nc);
  }

  /** Every device draws its own noise: a differential drive is its row volts. */
  @Override
  public void pairs(Board board, Region region, PairVolts drive, double[] out) {
    Drives.mvm(board, region, drive, out);
  }

  /**
   * A column drive as pair volt columns (auto-scaled inputs scaled first, {@link Drives#autoScale};
   * scaled inputs turned into voltages over the cores), then the row path's arithmetic in the
   * column layout: the same checks, counters, draws and currents, bit for bit. The draws (traps
   * while gathering, then one Gaussian per output, vector by vector) stay on this thread in the
   * row path's order; only the sums, which draw nothing, run over the cores.
   */
  @Override
  public boolean columns(Board board, Region region, ColumnDrive drive, double[][] out) {
    int pairs = Drives.pairs(region), nc = region.colCount(), batch = drive.batch();
    double[][] volts;
    if (drive instanceof PairVoltColumns c) {
      volts = c.volts();
    } else {
      double[][] inputs;
      double[] scales;
      if (drive instanceof ScaledColumns c) {
        inputs = c.inputs();
        scales = c.scales();
      } else {
        AutoScaledColumns c = (AutoScaledColumns) drive;
        if (!Drives.autoScale(region, c, spec.readVolts())) return false;
        inputs = c.inputs();
        scales = c.outScales();
      }
      ColumnProducts.checkColumnShapes(inputs, pairs, out, nc, batch);
      volts = ColumnVolts.volts(workers, inputs, scales, pairs, batch, spec.readVolts());
    }
    ColumnProducts.checkColumnShapes(volts, pairs, out, nc, batch);
    ColumnVolts.check(workers, volts, pairs, batch, spec.readVolts());
    meter.product(batch);
    columnCurrents(region, volts, pairs, batch, out);
    meter.sampled(batch);
    return true;
  }

  private void columnCurrents(Region region, double[][] pairVolts, int pairs, int batch, double[][] out) {
    int a = region.array(), nr = 2 * pairs, nc = region.colCount();
    double[] gt = seenConductances(region);
    double[] z = rel2 > 0 || abs2 > 0 ? new double[batch * nc] : null;
    if (sumRows.length < 2 * nc || sumRows[0].length < batch) sumRows = new double[Math.max(2 * nc, sumRows.length)][Math.max(batch, sumRows.length > 0 ? sumRows[0].length : 0)];
    if (vvBuffer.length < batch) vvBuffer = new double[batch];
    double[][] s = java.util.Arrays.copyOfRange(sumRows, 0, nc), q = java.util.Arrays.copyOfRange(sumRows, nc, 2 * nc);
    double[] vv = vvBuffer;
    double r2 = rel2, a2 = abs2;
    long work = (long) batch * nr * nc;
    int chunks = Workers.chunks(batch, work, PARALLEL_PHYSICAL_MACS);
    // One Gaussian per output, vector by vector: the row path's draws, in its order.
    if (z != null) rng.fill(workers, z, 0, z.length);
    workers.run(batch, work, PARALLEL_PHYSICAL_MACS, (chunk, from, to) -> PhysicalColumnSums.sums(gt, pairVolts, pairs, nc, a2, from, to, s, q, vv));
    boolean coded = chain != null;
    // Each chunk also finds its part of every column's peak, which picks the column's range.
    double[] peaks = new double[chunks * nc];
    workers.run(batch, work, PARALLEL_PHYSICAL_MACS, (chunk, from, to) -> {
      PhysicalColumnSums.currents(s, q, vv, r2, a2, z, nc, from, to, out);
      if (coded) for (int j = 0; j < nc; j++) peaks[chunk * nc + j] = ColumnReadout.peak(out[j], from, to);
    });
    if (coded) chain.readColumns(workers, a, region, out, batch, peaks, work, PARALLEL_PHYSICAL_MACS);
    else if (!adc.exact()) for (int j = 0; j < nc; j++) adc.quantize(out[j], 0, batch);
  }

  /**
   * What one MVM call sees of each cell, gt[j·rows + i]: relaxed by now and through its trap (the
   * flips draw from the generator, row by row). The logarithm of each distinct pulse time is taken
   * once per call: cells programmed together share it (write-verify leaves a few hundred).
   */
  private double[] seenConductances(Region region) {
    int a = region.array(), cols = spec.cols(), nr = region.rowCount(), nc = region.colCount();
    if (gatherBuffer.length < nr * nc) gatherBuffer = new double[nr * nc];
    double[] gt = gatherBuffer, t0s = history.lastPulseSeconds[a], zs = history.relaxationZ[a];
    Relaxation relaxation = model.relaxation();
    double now = meter.nowSeconds();
    java.util.Arrays.fill(lnKeys, Double.NaN);
    for (int i = 0; i < nr; i++) {
      int base = region.row(i) * cols;
      for (int j = 0; j < nc; j++) {
        int k = base + region.col(j);
        double v = cells.siemens(a, k), t0 = t0s[k];
        if (!Double.isNaN(t0)) {
          long bits = Double.doubleToRawLongBits(t0);
          int slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 45)) & (LN_CACHE - 1);
          if (lnKeys[slot] != t0) {
            lnKeys[slot] = t0;
            lnValues[slot] = Relaxation.lnElapsed(now - t0);
          }
          v += relaxation.shiftAtLn(zs[k], lnValues[slot]);
        }
        gt[j * nr + i] = throughTrap(a, k, Conductances.clip(model, v));
      }
    }
    return gt;
  }

  /** Conductance a read sample sees: through the telegraph trap (which may flip first). */
  private double throughTrap(int a, int k, double g) {
    if (!history.trapped[a][k]) return g;
    TelegraphNoise rtn = model.telegraph();
    if (rng.uniform() < rtn.toggleProbability()) history.trapHigh[a][k] = !history.trapHigh[a][k];
    return rtn.apply(g, history.trapHigh[a][k]);
  }

  @Override
  public double[] trueConductances(int array) {
    double[] g = new double[cells.cellsPerArray()];
    double now = meter.nowSeconds();
    for (int k = 0; k < g.length; k++) g[k] = conductances.now(array, k, now);
    return g;
  }
}
