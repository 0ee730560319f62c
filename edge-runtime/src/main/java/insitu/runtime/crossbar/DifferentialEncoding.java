package insitu.runtime.crossbar;

import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Tile;
import java.util.List;

/**
 * The one definition of how a block's weights live on differential pairs of devices. Weight w of
 * output j and input i is held by every copy of its pair: G⁺ = centre + w·r/2 on one row and
 * G⁻ = centre − w·r/2 on the next (r: siemens per weight), so G⁺ − G⁻ = w·r whatever the centre.
 * Decoding is the inverse: the mean over the copies of (G⁺ − G⁻)/r, and a column current divided
 * by its drive's scale decodes the same way. In a tile, input i of row copy c is the pair of rows
 * 2·(c·inCount + i) (G⁺) and the one after it (G⁻); output j of column copy c is column
 * c·outCount + j.
 */
public final class DifferentialEncoding {
  private final BlockPlacement placement;
  private final double siemensPerWeight;

  public DifferentialEncoding(BlockPlacement placement) {
    this.placement = placement;
    this.siemensPerWeight = placement.siemensPerWeight();
  }

  public double siemensPerWeight() {
    return siemensPerWeight;
  }

  /** Conductance of the device of a pair ({@code sign} +1 for G⁺, −1 for G⁻) that holds {@code weight} around {@code center}. */
  public double target(double center, int sign, double weight) {
    return center + sign * weight * (siemensPerWeight / 2);
  }

  /**
   * Σ sign·G over {@code devices} devices of one weight (two per copy) that encodes {@code weight}:
   * what the devices of a weight must add up to, whatever their common centre.
   */
  public double pairSum(int devices, double weight) {
    return devices * (siemensPerWeight / 2) * weight;
  }

  /**
   * Every device's target for {@code weights} (outputs × inputs) around {@code center}, clipped to
   * [low, high] (an unreachable target is clipped, so the error reported is the honest residual).
   * Per tile, in each tile's row-major order.
   */
  public double[][] targets(double[] weights, double center, double lowSiemens, double highSiemens) {
    checkWeights(weights);
    List<Tile> tiles = placement.tiles();
    double[][] t = new double[tiles.size()][];
    for (int k = 0; k < t.length; k++) t[k] = new double[tiles.get(k).devices()];
    forEachDevice((tile, local, array, row, col, w, sign) ->
        t[tile][local] = Math.max(lowSiemens, Math.min(highSiemens, target(center, sign, weights[w]))));
    return t;
  }

  /** Throws unless {@code weights} holds one value per weight of the block. */
  public void checkWeights(double[] weights) {
    int n = placement.outputs() * placement.inputs();
    if (weights.length != n)
      throw new IllegalArgumentException("block '" + placement.weight() + "' needs " + n + " weights, got " + weights.length);
  }

  /** 1/(r·copies): turns a tile's Σ over copies of (G⁺ − G⁻), or of its column currents per volt of drive, into weights. */
  public double decodeScale(Tile tile) {
    return 1.0 / (siemensPerWeight * tile.rowRep() * tile.colRep());
  }

  /**
   * Adds the weights a tile's conductances (its devices, row-major) decode to into {@code weights}
   * (outputs × inputs): the mean over the tile's copies of every pair's difference.
   */
  public void addDecoded(int tileIndex, double[] conductances, double[] weights) {
    Tile tile = placement.tiles().get(tileIndex);
    int nIn = placement.inputs(), nc = tile.cols().length;
    double k = decodeScale(tile);
    for (int r = 0; r < tile.rowRep(); r++)
      for (int i = 0; i < tile.inCount(); i++) {
        int plus = (2 * (r * tile.inCount() + i)) * nc, minus = plus + nc;
        for (int c = 0; c < tile.colRep(); c++)
          for (int j = 0; j < tile.outCount(); j++) {
            int col = c * tile.outCount() + j;
            weights[(tile.outStart() + j) * nIn + tile.inStart() + i] += (conductances[plus + col] - conductances[minus + col]) * k;
          }
      }
  }

  /** Receives every device of a block: which tile, its index within the tile, where it is, which weight and sign. */
  @FunctionalInterface
  public interface DeviceVisitor {
    /** @param sign +1 for the G⁺ device of the pair, −1 for G⁻ */
    void visit(int tile, int local, int array, int row, int col, int weightIndex, int sign);
  }

  /** Visits every device of every copy of every weight, tile by tile, in each tile's row-major order. */
  public void forEachDevice(DeviceVisitor v) {
    List<Tile> tiles = placement.tiles();
    int nIn = placement.inputs();
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
}
