package insitu.runtime.crossbar;

import insitu.boards.Board;
import insitu.boards.Region;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Tile;
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
   * call per tile for the whole batch.
   */
  public synchronized void mvm(double[] x, int batch, double[] y) {
    int nIn = inputs(), nOut = outputs();
    if (scales.length < batch) scales = new double[batch];
    for (int b = 0; b < batch; b++) {
      double m = 0;
      // Math.max propagates NaN, so one test after the loop catches a NaN anywhere in the vector.
      for (int i = b * nIn, end = i + nIn; i < end; i++) m = Math.max(m, Math.abs(x[i]));
      if (Double.isNaN(m)) throw new IllegalArgumentException("NaN in the input of crossbar block '" + name() + "'");
      scales[b] = m > 0 ? readVolts / m : 1;
    }
    java.util.Arrays.fill(y, 0, batch * nOut, 0);
    List<Tile> tiles = placement.tiles();
    for (int t = 0; t < tiles.size(); t++) {
      Tile tile = tiles.get(t);
      // Differential drive: pair p of the tile (copy r, input i) gets +v on G⁺ and −v on G⁻; the
      // board expands (or, simulated, never builds) the ±v rows.
      int pairs = tile.rows().length / 2, nc = tile.cols().length, nInT = tile.inCount(), x0 = tile.inStart();
      if (volts.length < batch * pairs) volts = new double[batch * pairs];
      if (currents.length < batch * nc) currents = new double[batch * nc];
      for (int b = 0; b < batch; b++) {
        int vb = b * pairs, xb = b * nIn + x0;
        double s = scales[b];
        for (int i = 0; i < nInT; i++) {
          double v = x[xb + i] * s;
          // Clamp the last ulp so rounding never pushes a voltage past the read limit.
          volts[vb + i] = v > readVolts ? readVolts : v < -readVolts ? -readVolts : v;
        }
        for (int r = 1; r < tile.rowRep(); r++) System.arraycopy(volts, vb, volts, vb + r * nInT, nInT);
      }
      board.mvmDifferential(regions[t], volts, batch, currents);
      double perCopy = 1.0 / (siemensPerWeight() * tile.rowRep() * tile.colRep());
      for (int b = 0; b < batch; b++) {
        double k = perCopy / scales[b];
        int cb = b * nc, yb = b * nOut + tile.outStart();
        for (int c = 0; c < tile.colRep(); c++) {
          int cc = cb + c * tile.outCount();
          for (int j = 0; j < tile.outCount(); j++) y[yb + j] += currents[cc + j] * k;
        }
      }
    }
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
