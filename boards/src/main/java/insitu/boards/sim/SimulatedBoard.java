package insitu.boards.sim;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.PulseBatch;
import insitu.boards.Region;
import insitu.boards.capability.BatchInvariance;
import insitu.boards.capability.StateSnapshots;
import insitu.boards.capability.VectorKernels;
import insitu.boards.capability.VirtualClock;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowDrive;
import insitu.boards.drive.RowVolts;
import insitu.boards.sim.physics.DevicePulses;
import insitu.boards.sim.physics.PaperPulses;
import insitu.boards.sim.physics.PulsePhysics;
import insitu.boards.sim.products.AutoScaledProducts;
import insitu.boards.sim.products.PatchUnfold;
import insitu.boards.sim.products.RowProducts;
import insitu.boards.sim.readout.DeviceReadout;
import insitu.boards.sim.readout.PaperReadout;
import insitu.boards.sim.readout.Readout;
import insitu.boards.sim.state.CellArrays;
import insitu.boards.sim.state.CellStatus;
import insitu.boards.sim.state.DeviceHistory;
import insitu.boards.sim.state.Meter;
import insitu.boards.sim.state.StateCodec;
import insitu.numeric.parallel.Workers;
import insitu.numeric.random.GaussianSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A simulated board of 1T1R arrays with the physics of a {@link DeviceModel}. All randomness comes
 * from one seeded generator, drawn in a fixed order, so the same seed and the same commands (and
 * the same {@link #advanceTime} calls) give the same conductances, in process or behind a serial
 * link.
 *
 * <p>This class checks and counts commands and hands them on: the cells and their history live in
 * {@code sim.state}, pulses act through {@link PulsePhysics}, reads and MVMs through a
 * {@link Readout}, whose arithmetic is in {@code sim.products}. Models with device physics
 * ({@link DeviceModel#hasDevicePhysics()}) get {@link DevicePulses} and {@link DeviceReadout}, and
 * keep per cell the time and relaxation draw of its last effective pulse, its pulse count and
 * endurance, and its telegraph trap; the paper and ideal presets get {@link PaperPulses} and
 * {@link PaperReadout}, and draw nothing of that. The board owns a virtual clock: its commands
 * advance it by the model's {@link BoardTiming}, and {@link #advanceTime} moves it on (ageing).
 */
public final class SimulatedBoard implements Board, VirtualClock, StateSnapshots, VectorKernels, BatchInvariance {
  private final BoardSpec spec;
  private final DeviceModel model;
  private final GaussianSource rng;
  private final Workers workers;
  private final boolean ownsWorkers;
  private final CellArrays cells;
  private final DeviceHistory history; // null without device physics
  private final Meter meter;
  private final PulsePhysics pulses;
  private final Readout readout;
  private final PatchUnfold unfold;

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
    this.spec = spec;
    this.model = model;
    this.rng = new GaussianSource(seed);
    this.workers = workers;
    this.ownsWorkers = ownsWorkers;
    this.meter = new Meter(model.timing());
    this.unfold = new PatchUnfold(workers);
    // The draws, in this order: the cells; then, with device physics only, their history and the
    // readout chain's offsets (so the paper and ideal presets draw what they always drew).
    this.cells = CellArrays.draw(spec, model, rng);
    if (model.hasDevicePhysics()) {
      history = DeviceHistory.draw(spec, model, rng);
      pulses = new DevicePulses(model, cells, history, rng);
      readout = new DeviceReadout(spec, model, cells, history, rng, workers, meter);
    } else {
      history = null;
      pulses = new PaperPulses(model, cells, rng);
      readout = new PaperReadout(spec, model, cells, rng, workers, meter);
    }
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
        3.0, 3.0, 5.0, chain.isNone() ? 0 : chain.adcBits(), chain.isNone() ? 1e-3 : chain.largestRangeAmps(), DefectMap.none());
  }

  @Override
  public synchronized double nowSeconds() {
    return meter.nowSeconds();
  }

  /** Lets virtual time pass with the board idle (tests, ageing a trained board). */
  @Override
  public synchronized void advanceTime(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds))
      throw new IllegalArgumentException("time can only advance by a finite number of seconds >= 0, was " + seconds);
    meter.advance(seconds);
  }

  /** Column readings that the readout chain clipped at its largest range, since the board was made. */
  public synchronized long saturatedReadings() {
    return meter.saturatedReadings();
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
    meter.command();
    double start = meter.nowSeconds();
    pulses.apply(b, start);
    meter.pulsed(b.size());
    meter.setNowSeconds(start + b.size() * model.timing().pulseSeconds());
  }

  @Override
  public synchronized void read(Region region, double[] out) {
    spec.checkRegion(region);
    int n = region.cellCount();
    if (out.length < n) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + n);
    meter.command();
    readout.read(region, out);
    meter.sampled(region.rowCount());
  }

  @Override
  public synchronized void mvm(Region region, RowDrive drive, double[] out) {
    spec.checkRegion(region);
    if (drive instanceof RowVolts v) rowVolts(region, v.volts(), v.batch(), out);
    else if (drive instanceof PairVolts p) readout.pairs(this, region, p, out);
    else readout.pairs(this, region, unfold.pairVolts(region, (FeatureMaps) drive, spec.readVolts()), out);
  }

  @Override
  public synchronized boolean mvm(Region region, ColumnDrive drive, double[][] out) {
    spec.checkRegion(region);
    return readout.columns(this, region, drive, out);
  }

  /** Row volts: every voltage checked (and whether the vectors drive rows in ±v pairs found) before anything counts. */
  private void rowVolts(Region region, double[] volts, int batch, double[] out) {
    int nr = region.rowCount(), nc = region.colCount();
    if (volts.length < batch * nr) throw new IllegalArgumentException("rowVolts holds " + volts.length + " values, need " + batch * nr);
    if (out.length < batch * nc) throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + batch * nc);
    boolean paired = RowProducts.checkAndDetectPairs(volts, batch, nr, spec.readVolts() * (1 + 1e-9), spec.readVolts());
    meter.product(batch);
    readout.rows(region, volts, batch, paired, out);
    meter.sampled(batch);
  }

  /** Whether this board's products run on the Vector API now (decision 21). */
  @Override
  public boolean vectorProductsInUse() {
    return AutoScaledProducts.vectorInUse(workers);
  }

  @Override
  public synchronized BoardCounters counters() {
    return meter.counters();
  }

  /**
   * Test hook: the true conductances of one array now, row-major (programmed value plus
   * relaxation), without read noise, telegraph noise or counting.
   */
  public synchronized double[] trueConductances(int array) {
    return readout.trueConductances(array);
  }

  /** Test hook: the conductances as last programmed, before relaxation. */
  public synchronized double[] programmedConductances(int array) {
    return cells.copy(array);
  }

  /** Test hook: which cells of an array carry a telegraph trap (all false without telegraph noise). */
  public synchronized boolean[] telegraphCells(int array) {
    return history == null ? new boolean[cells.cellsPerArray()] : history.trapped[array].clone();
  }

  /** Test hook: whether a cell is stuck (by a defect or by wear-out) and so ignores pulses. */
  public synchronized boolean isStuck(int array, int row, int col) {
    return cells.status(array, row * spec.cols() + col) != CellStatus.OK;
  }

  /**
   * Writes everything that changes as the board is used (conductances, cell states, relaxation and
   * wear, telegraph states, clock, counters, generator state), so a checkpoint can bring a fresh
   * board built with the same spec, model and seed back to exactly this moment.
   */
  @Override
  public synchronized void writeState(DataOutputStream out) throws IOException {
    StateCodec.write(out, cells, history, meter, rng);
  }

  /** Restores what {@link #writeState} wrote; the board must have the same spec and model. */
  @Override
  public synchronized void readState(DataInputStream in) throws IOException {
    StateCodec.read(in, cells, history, meter, rng);
  }

  @Override
  public void close() {
    if (ownsWorkers) workers.close();
  }

  @Override
  public boolean productsPerVector() {
    return !model.hasDevicePhysics() && model.readNoiseRelative() == 0 && model.readNoiseSiemens() == 0;
  }
}
