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
import insitu.boards.sim.products.AutoScaledProducts;
import insitu.boards.sim.products.ColumnProducts;
import insitu.boards.sim.products.GatheredConductances;
import insitu.boards.sim.products.NoisyProducts;
import insitu.boards.sim.products.RowProducts;
import insitu.boards.sim.state.CellArrays;
import insitu.boards.sim.state.Meter;
import insitu.numeric.parallel.Workers;
import insitu.numeric.random.GaussianSource;

/**
 * The readout of the paper's and the ideal devices: a read returns each conductance plus Gaussian
 * read noise (relative, then absolute, drawn cell by cell in row-major order); an MVM returns the
 * exact products of the conductances, with read noise drawn per device and per vector when the
 * model has some, coded by the spec's ADC. Without read noise a differential pair acts as one
 * device of conductance G⁺−G⁻ (superposition), which halves the work; with it every device draws
 * its own noise, so differential and column drives go through their row volts
 * ({@link Drives}).
 */
public final class PaperReadout implements Readout {
  private final BoardSpec spec;
  private final DeviceModel model;
  private final CellArrays cells;
  private final GaussianSource rng;
  private final Workers workers;
  private final Meter meter;
  private final boolean noisy;
  private final SpecAdc adc;
  private final GatheredConductances gathered;
  private final RowProducts rowProducts;
  private final ColumnProducts columnProducts;
  private final AutoScaledProducts autoScaledProducts;

  public PaperReadout(BoardSpec spec, DeviceModel model, CellArrays cells, GaussianSource rng, Workers workers, Meter meter) {
    this.spec = spec;
    this.model = model;
    this.cells = cells;
    this.rng = rng;
    this.workers = workers;
    this.meter = meter;
    this.noisy = model.readNoiseRelative() > 0 || model.readNoiseSiemens() > 0;
    this.adc = new SpecAdc(spec);
    this.gathered = new GatheredConductances(cells);
    this.rowProducts = new RowProducts(workers);
    this.columnProducts = new ColumnProducts(workers);
    this.autoScaledProducts = new AutoScaledProducts(workers);
  }

  @Override
  public void read(Region region, double[] out) {
    int a = region.array(), cols = spec.cols(), nc = region.colCount();
    for (int i = 0; i < region.rowCount(); i++) {
      int base = region.row(i) * cols;
      for (int j = 0; j < nc; j++) out[i * nc + j] = readOne(cells.siemens(a, base + region.col(j)));
    }
    meter.cellsRead(region.cellCount());
  }

  private double readOne(double g) {
    double v = g;
    if (model.readNoiseRelative() > 0) v += g * model.readNoiseRelative() * rng.gaussian();
    if (model.readNoiseSiemens() > 0) v += model.readNoiseSiemens() * rng.gaussian();
    return v;
  }

  /**
   * Differential drive (+v on one row, −v on the next) is the common case; the test is on the
   * voltages alone, so every caller (in process or over a serial link) takes the same path.
   */
  @Override
  public void rows(Region region, double[] volts, int batch, boolean pairedDrive, double[] out) {
    int nr = region.rowCount(), nc = region.colCount();
    boolean paired = !noisy && pairedDrive;
    double[] gt = gathered.gathered(region, paired);
    if (noisy) NoisyProducts.multiply(workers, gt, volts, batch, nr, nc, out, rng, model.readNoiseRelative(), model.readNoiseSiemens());
    else rowProducts.multiply(gt, volts, batch, nr, paired ? 2 : 1, nc, out, Double.POSITIVE_INFINITY); // checked by the board
    if (!adc.exact()) for (int b = 0; b < batch; b++) adc.quantize(out, b * nc, nc);
  }

  /** Without building the ±v rows: the same sums as {@link #rows} takes for detected pairs. */
  @Override
  public void pairs(Board board, Region region, PairVolts drive, double[] out) {
    if (noisy) {
      Drives.mvm(board, region, drive, out);
      return;
    }
    int pairs = Drives.pairs(region), nc = region.colCount(), batch = drive.batch();
    double[] pairVolts = drive.volts();
    if (pairVolts.length < batch * pairs) throw new IllegalArgumentException("pairVolts holds " + pairVolts.length + " values, need " + batch * pairs);
    if (out.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + batch * nc);
    double vmax = spec.readVolts() * (1 + 1e-9);
    double[] gt = gathered.gathered(region, true);
    // The voltages are checked while they are multiplied (one pass); a bad one throws here, before counting.
    if (!rowProducts.multiply(gt, pairVolts, batch, pairs, 1, nc, out, vmax))
      RowProducts.checkAndDetectPairs(pairVolts, batch * pairs, 1, vmax, spec.readVolts());
    meter.productDone(batch);
    if (!adc.exact()) adc.quantize(out, 0, batch * nc);
  }

  /**
   * Column drives with the batch as the unit-stride axis: the same sums (each output over the
   * pairs in order, one multiply and one add per term); scaled inputs become voltages inside the
   * product sweep, auto-scaled ones are also filled and scaled there, tile by tile, in cache.
   */
  @Override
  public boolean columns(Board board, Region region, ColumnDrive drive, double[][] out) {
    if (noisy) return Drives.mvm(board, region, drive, out);
    int pairs = Drives.pairs(region), nc = region.colCount(), batch = drive.batch();
    if (drive instanceof PairVoltColumns c) {
      ColumnProducts.checkColumnShapes(c.volts(), pairs, out, nc, batch);
      columnProducts.multiplyColumns(gathered.gathered(region, true), c.volts(), batch, pairs, nc, out, spec.readVolts() * (1 + 1e-9),
          spec.readVolts());
    } else if (drive instanceof ScaledColumns c) {
      ColumnProducts.checkColumnShapes(c.inputs(), pairs, out, nc, batch);
      if (c.scales().length < batch) throw new IllegalArgumentException("scales holds " + c.scales().length + " values, need " + batch);
      columnProducts.multiplyScaledColumns(gathered.gathered(region, true), c.inputs(), c.scales(), spec.readVolts(), batch, pairs, nc, out);
    } else {
      AutoScaledColumns c = (AutoScaledColumns) drive;
      ColumnProducts.checkColumnShapes(c.inputs(), pairs, out, nc, batch);
      if (c.outScales().length < batch) throw new IllegalArgumentException("outScales holds " + c.outScales().length + " values, need " + batch);
      double[] gt = gathered.gathered(region, true);
      if (!autoScaledProducts.multiplyAutoScaledColumns(gt, gathered.packed(region), c.inputs(), spec.readVolts(), batch, pairs, nc, out,
          c.outScales(), c.fill())) return false;
    }
    meter.productDone(batch);
    if (!adc.exact()) for (int j = 0; j < nc; j++) adc.quantize(out[j], 0, batch);
    return true;
  }

  @Override
  public double[] trueConductances(int array) {
    return cells.copy(array);
  }
}
