package insitu.runtime.crossbar;

import insitu.boards.Board;
import insitu.boards.InputScaling;
import insitu.boards.PatchGeometry;
import insitu.boards.Region;
import insitu.boards.capability.DrivePreference;
import insitu.boards.drive.AutoScaledColumns;
import insitu.boards.drive.ColumnFill;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.ScaledColumns;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Tile;
import insitu.numeric.kernel.ColumnMaxima;
import insitu.numeric.parallel.Workers;
import java.util.List;

/**
 * One weight matrix (outputs × inputs) living on the board as differential conductance pairs.
 * Forward products are analog MVMs on the board; the weights the software sees are only ever the
 * ones last read back from the board.
 *
 * <p>Each input vector is scaled so its largest magnitude hits the read voltage, applied as +v on
 * the G⁺ row and −v on the G⁻ row of every copy (the board builds the voltages from the inputs
 * and scales, {@link ScaledColumns}); the column currents are divided by the scale, the
 * conductance-per-weight ratio and the number of copies.
 */
public final class CrossbarBlock {
  private final Board board;
  private final DrivePreference drivePreference; // null: the board prefers the patches
  private final Workers workers;
  private final BlockPlacement placement;
  private final DifferentialEncoding encoding;
  private final Region[] regions;
  private final double readVolts;
  private final double[] weightsRead;
  private final double[][] gateVolts; // per tile, row-major over the tile's rows × cols: last SET gate
  private double[] readBuf = new double[0], scales = new double[0], maxima = new double[0], decode = new double[0];
  private double[][] currents = new double[0][];
  private double[][] xT = new double[0][], yT = new double[0][]; // row-layout calls, transposed
  // Digital per-output correction (drift compensation): y_j ← gain_j·y_j + offset_j. Null = none.
  private double[] outputGain, outputOffset;

  /** @param workers the threads the block's digital work (scaling, decoding, transposes) may use */
  public CrossbarBlock(Board board, BlockPlacement placement, Workers workers) {
    this.board = board;
    this.drivePreference = board.capability(DrivePreference.class).orElse(null);
    this.workers = workers;
    this.placement = placement;
    this.encoding = new DifferentialEncoding(placement);
    this.readVolts = board.spec().readVolts();
    List<Tile> tiles = placement.tiles();
    regions = new Region[tiles.size()];
    for (int t = 0; t < tiles.size(); t++) regions[t] = new Region(tiles.get(t).array(), tiles.get(t).rows(), tiles.get(t).cols());
    weightsRead = new double[placement.outputs() * placement.inputs()];
    gateVolts = new double[tiles.size()][];
    for (int t = 0; t < tiles.size(); t++) gateVolts[t] = new double[tiles.get(t).devices()];
  }

  public int tileCount() { return regions.length; }

  /** Last SET gate voltage of every device of a tile (row-major over the tile); update rules own it. */
  public double[] gateVolts(int tile) { return gateVolts[tile]; }

  public String name() { return placement.weight(); }
  public int outputs() { return placement.outputs(); }
  public int inputs() { return placement.inputs(); }
  public BlockPlacement placement() { return placement; }
  public Board board() { return board; }
  public double siemensPerWeight() { return placement.siemensPerWeight(); }
  /** How the block's weights are encoded on its devices, and decoded from them. */
  public DifferentialEncoding encoding() { return encoding; }
  public Region region(int tile) { return regions[tile]; }

  /**
   * y = x·Wᵀ for a batch in the row layout: x is batch × inputs, y is batch × outputs
   * (overwritten). Transposes into {@link #mvmColumns} and back: the same numbers.
   */
  public synchronized void mvm(double[] x, int batch, double[] y) {
    int nIn = inputs(), nOut = outputs();
    if (xT.length == 0 || xT[0].length < batch) {
      xT = new double[nIn][batch];
      yT = new double[nOut][batch];
    }
    double[][] xc = xT, yc = yT;
    // Transposes are copies: split over the cores, nothing changes.
    workers.run(batch, (long) batch * nIn, PARALLEL_VALUES, (chunk, from, to) -> {
      for (int b = from; b < to; b++)
        for (int i = 0; i < nIn; i++) xc[i][b] = x[b * nIn + i];
    });
    mvmColumns(xc, batch, yc);
    workers.run(batch, (long) batch * nOut, PARALLEL_VALUES, (chunk, from, to) -> {
      for (int b = from; b < to; b++)
        for (int j = 0; j < nOut; j++) y[b * nOut + j] = yc[j][b];
    });
  }

  /**
   * y = W·x for a batch of column vectors: {@code x[i][b]} is input i of vector b, and
   * {@code y[j][b]} receives output j (rows of length ≥ batch, overwritten). One board MVM call per
   * tile for the whole batch. Every step is an element-wise sweep over the batch axis of separate
   * row arrays (which the JIT vectorizes), split over cores in fixed chunks of columns, so the
   * results do not depend on the split.
   */
  public synchronized void mvmColumns(double[][] x, int batch, double[][] y) {
    mvmColumns(x, batch, y, null);
  }

  /**
   * {@link #mvmColumns(double[][], int, double[][])} whose input columns are produced on the way
   * by {@code source} (null: x is already filled), group by group right before they are used: by
   * the board inside its product sweep for a single-tile block, here before scaling otherwise.
   */
  public synchronized void mvmColumns(double[][] x, int batch, double[][] y, ColumnFill source) {
    int nIn = inputs(), nOut = outputs();
    if (x.length < nIn || y.length < nOut)
      throw new IllegalArgumentException("block '" + name() + "' takes " + nIn + " input rows and gives " + nOut + ", got " + x.length + " and " + y.length);
    if (scales.length < batch) {
      scales = new double[batch];
      maxima = new double[batch];
      decode = new double[batch];
    }
    List<Tile> tiles = placement.tiles();
    Tile only = tiles.size() == 1 ? tiles.get(0) : null;
    // One tile with every input: the board scales each vector itself, in the sweep that
    // multiplies it (the same scales InputScaling gives). Several tiles share one scale per
    // vector, so it is found here over all inputs first.
    boolean boardScales = only != null && only.inStart() == 0 && only.inCount() == nIn;
    boolean[] nan = new boolean[Workers.CHUNKS];
    // Split in whole groups, so a group never straddles two chunks (the source then mostly sees
    // whole samples).
    int groups = (batch + GROUP - 1) / GROUP;
    if (!boardScales)
      workers.run(groups, (long) batch * nIn, PARALLEL_VALUES, (chunk, g0, g1) -> {
        for (int b0 = g0 * GROUP, to = Math.min(batch, g1 * GROUP); b0 < to; b0 += GROUP) {
          int b1 = Math.min(to, b0 + GROUP);
          if (source != null) source.fill(b0, b1);
          if (!boardScales) nan[chunk] |= !scale(x, b0, b1);
        }
      });
    if (boardScales) {
      ensureCurrents(only, batch);
      // The board fills the inputs too, tile by tile, right before reading them.
      if (!board.mvm(regions[0], new AutoScaledColumns(pairInputs(only, x), batch, scales, source), currents)) nan[0] = true;
    }
    for (boolean n : nan) if (n) throw new IllegalArgumentException("NaN in the input of crossbar block '" + name() + "'");
    for (int t = 0; t < tiles.size(); t++) {
      Tile tile = tiles.get(t);
      if (!boardScales) {
        ensureCurrents(tile, batch);
        // The board turns inputs and scales into the differential drive (InputScaling): an
        // in-process board computes the voltages inside its product sweep.
        board.mvm(regions[t], new ScaledColumns(pairInputs(tile, x), scales, batch), currents);
      }
      boolean firstTile = t == 0;
      workers.run(batch, (long) batch * nOut, PARALLEL_VALUES, (chunk, from, to) -> addCurrents(tile, firstTile, y, from, to));
    }
    applyOutputCorrection(batch, y);
  }

  /** Columns filled and scaled together: their input rows stay in the core's cache. */
  private static final int GROUP = 256;

  private void applyOutputCorrection(int batch, double[][] y) {
    if (outputGain == null) return;
    for (int j = 0; j < outputs(); j++) {
      double gj = outputGain[j], oj = outputOffset[j];
      double[] yj = y[j];
      for (int b = 0; b < batch; b++) yj[b] = gj * yj[b] + oj;
    }
  }

  /**
   * {@link #mvmColumns} of every patch of a convolution. A board that prefers feature maps (one
   * behind a link, {@link DrivePreference}) unfolds the patches itself ({@link FeatureMaps}) and receives the maps
   * instead of every patch; other boards, and blocks split over several tiles, get the patches
   * through {@link #mvmColumns}. Both drive the same voltages ({@link InputScaling}), so the
   * outputs are identical.
   *
   * @param maps {@code samples × geometry.mapSize()}
   * @param patches the same patches in the column layout ({@code patches[i][r]}): the per-patch scales come from them
   * @param unfold fills columns of {@code patches} (null: already filled)
   * @param y outputs × patches, overwritten
   */
  public synchronized void mvmPatchesColumns(double[] maps, PatchGeometry geometry, int samples, double[][] patches, ColumnFill unfold,
                                             double[][] y) {
    int batch = samples * geometry.patchesPerSample(), nIn = inputs(), nOut = outputs();
    List<Tile> tiles = placement.tiles();
    Tile only = tiles.size() == 1 ? tiles.get(0) : null;
    if (drivePreference == null || !drivePreference.prefersFeatureMaps() || only == null || only.inStart() != 0 || only.inCount() != nIn || geometry.patchSize() != nIn) {
      mvmColumns(patches, batch, y, unfold);
      return;
    }
    if (unfold != null) workers.run(batch, (long) batch * nIn, PARALLEL_VALUES, (chunk, from, to) -> unfold.fill(from, to));
    if (scales.length < batch) {
      scales = new double[batch];
      maxima = new double[batch];
      decode = new double[batch];
    }
    boolean[] nan = new boolean[Workers.CHUNKS];
    workers.run(batch, (long) batch * nIn, PARALLEL_VALUES, (chunk, from, to) -> nan[chunk] = !scale(patches, from, to));
    for (boolean n : nan) if (n) throw new IllegalArgumentException("NaN in the input of crossbar block '" + name() + "'");
    int nc = only.cols().length;
    double[] rowCurrents = new double[batch * nc];
    board.mvm(regions[0], new FeatureMaps(geometry, maps, samples), rowCurrents);
    ensureCurrents(only, batch);
    for (int c = 0; c < nc; c++)
      for (int b = 0; b < batch; b++) currents[c][b] = rowCurrents[b * nc + c];
    workers.run(batch, (long) batch * nOut, PARALLEL_VALUES, (chunk, from, to) -> addCurrents(only, true, y, from, to));
    applyOutputCorrection(batch, y);
  }

  /**
   * Installs a digital correction of every output of {@link #mvm} (e.g. a drift compensation
   * fitted from read-back conductances): y_j ← gain[j]·y_j + offset[j]. Null gain removes it;
   * null offset means zeros. Only the forward product is corrected: read-back weights stay the
   * measured ones.
   */
  public synchronized void setOutputCorrection(double[] gain, double[] offset) {
    if (gain != null && gain.length != outputs())
      throw new IllegalArgumentException("block '" + name() + "' has " + outputs() + " outputs, got " + gain.length + " gains");
    if (offset != null && offset.length != outputs())
      throw new IllegalArgumentException("block '" + name() + "' has " + outputs() + " outputs, got " + offset.length + " offsets");
    outputGain = gain == null ? null : gain.clone();
    outputOffset = gain == null ? null : offset == null ? new double[outputs()] : offset.clone();
  }

  /** The per-output gain in force, or null for none. */
  public synchronized double[] outputGain() {
    return outputGain == null ? null : outputGain.clone();
  }

  /** Below this many values per call the digital work stays on one core. */
  private static final long PARALLEL_VALUES = 50_000;

  /** The input row of every pair of a tile: copies of an input share its row. */
  private static double[][] pairInputs(Tile tile, double[][] x) {
    int nInT = tile.inCount();
    double[][] d = new double[nInT * tile.rowRep()][];
    for (int p = 0; p < d.length; p++) d[p] = x[tile.inStart() + p % nInT];
    return d;
  }

  /** Current rows, at least batch long, for a tile's columns. */
  private void ensureCurrents(Tile tile, int batch) {
    int nc = tile.cols().length;
    if (currents.length < nc || currents[0].length < batch) {
      int cap = Math.max(batch, currents.length > 0 ? currents[0].length : 0);
      currents = new double[Math.max(nc, currents.length)][cap];
    }
  }

  /**
   * maxima[b] = max_i |x[i][b]| and scales[b] = V_read / maxima[b] (1 for a zero vector) for
   * columns from..to; false if a value is NaN (Math.max keeps it).
   */
  private boolean scale(double[][] x, int from, int to) {
    double[] m = maxima, sc = scales;
    ColumnMaxima.maxAbs(x, inputs(), m, from, to);
    boolean ok = true;
    for (int b = from; b < to; b++) {
      double a = m[b];
      ok &= a == a;
      sc[b] = InputScaling.scale(a, readVolts);
    }
    return ok;
  }

  /** y[j] (+)= the currents of output j decoded to weights·x, for columns from..to; tiles add in tile order. */
  private void addCurrents(Tile tile, boolean first, double[][] y, int from, int to) {
    double k = encoding.decodeScale(tile);
    double[] s = scales, d = decode;
    for (int b = from; b < to; b++) d[b] = k / s[b];
    if (first && tile.outCount() < outputs()) for (int j = 0; j < outputs(); j++) java.util.Arrays.fill(y[j], from, to, 0);
    for (int j = 0; j < tile.outCount(); j++) {
      double[] yj = y[tile.outStart() + j];
      for (int c = 0; c < tile.colRep(); c++) {
        double[] cj = currents[c * tile.outCount() + j];
        // The first term onto zeros is written (0.0 + v, as adding to a zeroed row gives).
        if (first && c == 0 && tile.outCount() == outputs()) for (int b = from; b < to; b++) yj[b] = 0.0 + cj[b] * d[b];
        else for (int b = from; b < to; b++) yj[b] += cj[b] * d[b];
      }
    }
  }

  /** Reads every device back and decodes the weights (mean over copies). Returns the live array. */
  public synchronized double[] readBack() {
    java.util.Arrays.fill(weightsRead, 0);
    for (int t = 0; t < regions.length; t++) {
      int n = regions[t].cellCount();
      if (readBuf.length < n) readBuf = new double[n];
      board.read(regions[t], readBuf);
      encoding.addDecoded(t, readBuf, weightsRead);
    }
    return weightsRead;
  }

  /** Visits every device of every copy of every weight, tile by tile, in a fixed order ({@link DifferentialEncoding}). */
  public void forEachDevice(DifferentialEncoding.DeviceVisitor v) {
    encoding.forEachDevice(v);
  }

  /** The weights as last read back (outputs × inputs). Do not mutate. */
  public double[] weights() {
    return weightsRead;
  }
}
