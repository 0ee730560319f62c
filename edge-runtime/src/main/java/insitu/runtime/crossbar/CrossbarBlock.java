package insitu.runtime.crossbar;

import insitu.boards.Board;
import insitu.boards.InputScaling;
import insitu.boards.PatchGeometry;
import insitu.boards.Region;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Tile;
import insitu.runtime.exec.FixedChunks;
import java.util.List;

/**
 * One weight matrix (outputs × inputs) living on the board as differential conductance pairs.
 * Forward products are analog MVMs on the board; the weights the software sees are only ever the
 * ones last read back from the board.
 *
 * <p>Each input vector is scaled so its largest magnitude hits the read voltage, applied as +v on
 * the G⁺ row and −v on the G⁻ row of every copy; the column currents are divided by the scale, the
 * conductance-per-weight ratio and the number of copies.
 */
public final class CrossbarBlock {
  private final Board board;
  private final BlockPlacement placement;
  private final Region[] regions;
  private final double readVolts;
  private final double[] weightsRead;
  private final double[][] gateVolts; // per tile, row-major over the tile's rows × cols: last SET gate
  private double[] volts = new double[0], currents = new double[0], readBuf = new double[0], scales = new double[0];
  // Digital per-output correction (drift compensation): y_j ← gain_j·y_j + offset_j. Null = none.
  private double[] outputGain, outputOffset;

  public CrossbarBlock(Board board, BlockPlacement placement) {
    this.board = board;
    this.placement = placement;
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
  public Region region(int tile) { return regions[tile]; }

  /**
   * y = x·Wᵀ for a batch: x is batch × inputs, y is batch × outputs (overwritten). One board MVM
   * call per tile for the whole batch. The digital work around it (scales, voltages, decoding the
   * currents) is per vector, so it is split over cores in fixed chunks of vectors: the results do
   * not depend on the split.
   */
  public synchronized void mvm(double[] x, int batch, double[] y) {
    int nIn = inputs(), nOut = outputs();
    if (scales.length < batch) scales = new double[batch];
    List<Tile> tiles = placement.tiles();
    long work = (long) batch * nIn;
    boolean[] nan = new boolean[FixedChunks.CHUNKS];
    // One tile (the common case): scale and voltages in one pass while the vector is in cache.
    Tile only = tiles.size() == 1 ? tiles.get(0) : null;
    if (only != null) ensureBuffers(only, batch);
    FixedChunks.run(batch, work, PARALLEL_VALUES, (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        double m = maxAbs(x, b * nIn, nIn);
        if (Double.isNaN(m)) nan[chunk] = true;
        scales[b] = InputScaling.scale(m, readVolts);
        if (only != null && !nan[chunk]) writeVolts(only, x, nIn, b);
      }
    });
    for (boolean n : nan) if (n) throw new IllegalArgumentException("NaN in the input of crossbar block '" + name() + "'");
    for (int t = 0; t < tiles.size(); t++) {
      Tile tile = tiles.get(t);
      if (only == null) {
        ensureBuffers(tile, batch);
        FixedChunks.run(batch, work, PARALLEL_VALUES, (chunk, from, to) -> {
          for (int b = from; b < to; b++) writeVolts(tile, x, nIn, b);
        });
      }
      board.mvmDifferential(regions[t], volts, batch, currents);
      boolean first = t == 0;
      FixedChunks.run(batch, (long) batch * nOut, PARALLEL_VALUES, (chunk, from, to) -> {
        for (int b = from; b < to; b++) addCurrents(tile, b, nOut, first, y);
      });
    }
    applyOutputCorrection(batch, y);
  }

  private void applyOutputCorrection(int batch, double[] y) {
    if (outputGain == null) return;
    int nOut = outputs();
    for (int b = 0; b < batch; b++)
      for (int j = 0; j < nOut; j++) y[b * nOut + j] = outputGain[j] * y[b * nOut + j] + outputOffset[j];
  }

  /**
   * {@link #mvm} of every patch of a convolution. A board that prefers feature maps (one behind a
   * link) unfolds the patches itself ({@link Board#mvmPatches}) and receives the maps instead of
   * every patch; others, and blocks split over several tiles, get the patches through
   * {@link #mvm}. Both drive the same voltages ({@link InputScaling}), so the outputs are
   * identical.
   *
   * @param maps {@code samples × geometry.mapSize()}
   * @param patches the same patches unfolded (samples·patchesPerSample × inputs): the per-patch scales come from them
   */
  public synchronized void mvmPatches(double[] maps, PatchGeometry geometry, int samples, double[] patches, double[] y) {
    int batch = samples * geometry.patchesPerSample(), nIn = inputs(), nOut = outputs();
    List<Tile> tiles = placement.tiles();
    Tile only = tiles.size() == 1 ? tiles.get(0) : null;
    if (!board.prefersFeatureMaps() || only == null || only.inStart() != 0 || only.inCount() != nIn || geometry.patchSize() != nIn) {
      mvm(patches, batch, y);
      return;
    }
    if (scales.length < batch) scales = new double[batch];
    ensureBuffers(only, batch);
    boolean[] nan = new boolean[FixedChunks.CHUNKS];
    FixedChunks.run(batch, (long) batch * nIn, PARALLEL_VALUES, (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        double m = maxAbs(patches, b * nIn, nIn);
        if (Double.isNaN(m)) nan[chunk] = true;
        scales[b] = InputScaling.scale(m, readVolts);
      }
    });
    for (boolean n : nan) if (n) throw new IllegalArgumentException("NaN in the input of crossbar block '" + name() + "'");
    board.mvmPatches(regions[0], geometry, maps, samples, currents);
    FixedChunks.run(batch, (long) batch * nOut, PARALLEL_VALUES, (chunk, from, to) -> {
      for (int b = from; b < to; b++) addCurrents(only, b, nOut, true, y);
    });
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

  private void ensureBuffers(Tile tile, int batch) {
    int pairs = tile.rows().length / 2, nc = tile.cols().length;
    if (volts.length < batch * pairs) volts = new double[batch * pairs];
    if (currents.length < batch * nc) currents = new double[batch * nc];
  }

  /**
   * Differential drive of vector b on a tile: pair p (copy r, input i) gets +v on G⁺ and −v on
   * G⁻; the board expands (or, simulated, never builds) the ±v rows.
   */
  private void writeVolts(Tile tile, double[] x, int nIn, int b) {
    int nInT = tile.inCount(), pairs = nInT * tile.rowRep();
    int vb = b * pairs, xb = b * nIn + tile.inStart();
    double s = scales[b], lim = readVolts;
    double[] v = volts;
    for (int i = 0; i < nInT; i++) v[vb + i] = InputScaling.volts(x[xb + i], s, lim);
    for (int r = 1; r < tile.rowRep(); r++) System.arraycopy(v, vb, v, vb + r * nInT, nInT);
  }

  /** y[b] (+)= the currents of vector b decoded to weights·x; tiles add in tile order. */
  private void addCurrents(Tile tile, int b, int nOut, boolean first, double[] y) {
    int nc = tile.cols().length, cb = b * nc, yb = b * nOut;
    if (first) java.util.Arrays.fill(y, yb, yb + nOut, 0);
    double k = 1.0 / (siemensPerWeight() * tile.rowRep() * tile.colRep()) / scales[b];
    yb += tile.outStart();
    for (int c = 0; c < tile.colRep(); c++) {
      int cc = cb + c * tile.outCount();
      for (int j = 0; j < tile.outCount(); j++) y[yb + j] += currents[cc + j] * k;
    }
  }

  /**
   * max |x[from..from+n)|, or NaN if any value is NaN. Four running maxima break the dependency
   * chain (the maximum does not depend on the order it is taken in); compare-and-select is much
   * cheaper than Math.max, whose NaN and −0.0 rules are handled by the separate NaN flag instead.
   */
  private static double maxAbs(double[] x, int from, int n) {
    double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    boolean nan = false;
    int i = from, end = from + n;
    for (; i + 3 < end; i += 4) {
      double a0 = Math.abs(x[i]), a1 = Math.abs(x[i + 1]), a2 = Math.abs(x[i + 2]), a3 = Math.abs(x[i + 3]);
      m0 = a0 > m0 ? a0 : m0;
      m1 = a1 > m1 ? a1 : m1;
      m2 = a2 > m2 ? a2 : m2;
      m3 = a3 > m3 ? a3 : m3;
      nan |= a0 != a0 | a1 != a1 | a2 != a2 | a3 != a3;
    }
    for (; i < end; i++) {
      double a = Math.abs(x[i]);
      m0 = a > m0 ? a : m0;
      nan |= a != a;
    }
    if (nan) return Double.NaN;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
  }

  /** Reads every device back and decodes the weights (mean over copies). Returns the live array. */
  public synchronized double[] readBack() {
    int nIn = inputs();
    java.util.Arrays.fill(weightsRead, 0);
    List<Tile> tiles = placement.tiles();
    for (int t = 0; t < tiles.size(); t++) {
      Tile tile = tiles.get(t);
      int nc = tile.cols().length, n = tile.rows().length * nc;
      if (readBuf.length < n) readBuf = new double[n];
      board.read(regions[t], readBuf);
      double k = 1.0 / (siemensPerWeight() * tile.rowRep() * tile.colRep());
      for (int r = 0; r < tile.rowRep(); r++)
        for (int i = 0; i < tile.inCount(); i++) {
          int plus = (2 * (r * tile.inCount() + i)) * nc, minus = plus + nc;
          for (int c = 0; c < tile.colRep(); c++)
            for (int j = 0; j < tile.outCount(); j++) {
              int col = c * tile.outCount() + j;
              weightsRead[(tile.outStart() + j) * nIn + tile.inStart() + i] += (readBuf[plus + col] - readBuf[minus + col]) * k;
            }
        }
    }
    return weightsRead;
  }

  /** Receives every device of a block: which tile, its index within the tile, where it is, which weight and sign. */
  @FunctionalInterface
  public interface DeviceVisitor {
    /** @param sign +1 for the G⁺ device of the pair, −1 for G⁻ */
    void visit(int tile, int local, int array, int row, int col, int weightIndex, int sign);
  }

  /** Visits every device of every copy of every weight, tile by tile, in a fixed order. */
  public void forEachDevice(DeviceVisitor v) {
    List<Tile> tiles = placement.tiles();
    int nIn = inputs();
    for (int t = 0; t < tiles.size(); t++) {
      Tile tile = tiles.get(t);
      int[] rows = tile.rows(), cols = tile.cols();
      int nc = cols.length;
      for (int lr = 0; lr < rows.length; lr++) {
        int pair = lr / 2, i = pair % tile.inCount(), sign = (lr & 1) == 0 ? 1 : -1;
        for (int lc = 0; lc < nc; lc++) {
          int j = lc % tile.outCount();
          v.visit(t, lr * nc + lc, tile.array(), rows[lr], cols[lc], (tile.outStart() + j) * nIn + tile.inStart() + i, sign);
        }
      }
    }
  }

  /** The weights as last read back (outputs × inputs). Do not mutate. */
  public double[] weights() {
    return weightsRead;
  }
}
