package insitu.boards.drive;

import insitu.boards.Board;
import insitu.boards.InputScaling;
import insitu.boards.PatchGeometry;
import insitu.boards.Region;
import insitu.numeric.kernel.ColumnMaxima;

/**
 * What every drive means, as row voltages: the one definition every board agrees with bit for
 * bit (same currents and counters). A board that only knows row voltages (a new firmware's first
 * version) hands every other drive to {@link #mvm(Board, Region, RowDrive, double[])} and
 * {@link #mvm(Board, Region, ColumnDrive, double[][])}; the serial board does so for the drives
 * it has no opcode for, and the simulator for the boards whose devices it cannot treat as pairs.
 *
 * <ul>
 *   <li>{@link PairVolts}: +v on each pair's first row, −v on its second ({@link #rowVolts}).
 *   <li>{@link FeatureMaps}: the pair volts of every patch, {@link PatchGeometry#pairVolts} ({@link #pairVolts(Region, FeatureMaps, double)}).
 *   <li>{@link PairVoltColumns}: the same pair volts, vector by vector; currents transposed back.
 *   <li>{@link ScaledColumns}: pair volts {@link InputScaling#volts}(x, scale, V_read).
 *   <li>{@link AutoScaledColumns}: every column filled first, then scales {@link InputScaling#scale}(max |x|, V_read),
 *       then as {@link ScaledColumns}.
 * </ul>
 */
public final class Drives {
  private Drives() {}

  /**
   * The reference product of a drive that is not row volts: {@link PairVolts} as {@link RowVolts},
   * {@link FeatureMaps} as {@link PairVolts}, each through {@code board.mvm} again.
   *
   * @throws IllegalArgumentException for {@link RowVolts}: they have no simpler form, the board drives them
   */
  public static void mvm(Board board, Region region, RowDrive drive, double[] outColumnAmps) {
    if (drive instanceof PairVolts p) board.mvm(region, rowVolts(region, p), outColumnAmps);
    else if (drive instanceof FeatureMaps m) board.mvm(region, pairVolts(region, m, board.spec().readVolts()), outColumnAmps);
    else throw new IllegalArgumentException("row volts have no simpler form: the board drives them itself");
  }

  /**
   * The reference product of a column drive: its {@link PairVolts} vector by vector through
   * {@code board.mvm}, the currents transposed into {@code out[j][b]}. Returns false (outputs
   * untouched) when an auto-scaled input is NaN.
   */
  public static boolean mvm(Board board, Region region, ColumnDrive drive, double[][] outColumnAmps) {
    PairVolts v = pairVolts(region, drive, board.spec().readVolts());
    if (v == null) return false;
    int nc = region.colCount(), batch = drive.batch();
    if (outColumnAmps.length < nc) throw new IllegalArgumentException("output holds " + outColumnAmps.length + " rows, need " + nc);
    double[] out = new double[batch * nc];
    board.mvm(region, v, out);
    for (int j = 0; j < nc; j++)
      for (int b = 0; b < batch; b++) outColumnAmps[j][b] = out[b * nc + j];
    return true;
  }

  /** The row voltages of a differential drive: +v on the first row of each pair, −v on the second. */
  public static RowVolts rowVolts(Region region, PairVolts drive) {
    int pairs = pairs(region), batch = drive.batch();
    double[] pairVolts = drive.volts();
    if (pairVolts.length < batch * pairs) throw new IllegalArgumentException("pairVolts holds " + pairVolts.length + " values, need " + batch * pairs);
    double[] v = new double[batch * 2 * pairs];
    for (int k = 0; k < batch * pairs; k++) {
      v[2 * k] = pairVolts[k];
      v[2 * k + 1] = -pairVolts[k];
    }
    return new RowVolts(v, batch);
  }

  /** The differential drive of every patch of the maps, as {@link PatchGeometry#pairVolts} scales it. */
  public static PairVolts pairVolts(Region region, FeatureMaps drive, double readVolts) {
    int pairs = drive.checkedPairs(region);
    PatchGeometry g = drive.geometry();
    double[] v = new double[drive.batch() * pairs];
    g.pairVolts(drive.maps(), 0, drive.samples(), readVolts, pairs / g.patchSize(), v, 0, new double[g.scratchSize()]);
    return new PairVolts(v, drive.batch());
  }

  /**
   * The differential drive of a column drive, vector by vector ({@code v[b·pairs + p]}); null when
   * an auto-scaled input is NaN. Auto-scaled inputs are filled and their scales written first
   * ({@link #autoScale}).
   */
  public static PairVolts pairVolts(Region region, ColumnDrive drive, double readVolts) {
    int pairs = region.rowCount() / 2, batch = drive.batch();
    double[] v = new double[batch * pairs];
    if (drive instanceof PairVoltColumns c) {
      double[][] volts = c.volts();
      if (volts.length < pairs) throw new IllegalArgumentException("pairVolts holds " + volts.length + " rows, need " + pairs);
      for (int p = 0; p < pairs; p++)
        for (int b = 0; b < batch; b++) v[b * pairs + p] = volts[p][b];
      return new PairVolts(v, batch);
    }
    double[][] inputs;
    double[] scales;
    if (drive instanceof ScaledColumns s) {
      inputs = s.inputs();
      scales = s.scales();
      checkInputs(inputs, pairs);
      if (scales.length < batch) throw new IllegalArgumentException("scales holds " + scales.length + " values, need " + batch);
    } else {
      AutoScaledColumns a = (AutoScaledColumns) drive;
      if (!autoScale(region, a, readVolts)) return null;
      inputs = a.inputs();
      scales = a.outScales();
    }
    for (int p = 0; p < pairs; p++)
      for (int b = 0; b < batch; b++) v[b * pairs + p] = InputScaling.volts(inputs[p][b], scales[b], readVolts);
    return new PairVolts(v, batch);
  }

  /**
   * The first half of an auto-scaled drive: fills every column, then writes each vector's scale
   * {@link InputScaling#scale}(max_p |x[p][b]|, V_read) into {@code outScales}. False if an input is NaN.
   */
  public static boolean autoScale(Region region, AutoScaledColumns drive, double readVolts) {
    int pairs = region.rowCount() / 2, batch = drive.batch();
    if (drive.fill() != null) drive.fill().fill(0, batch);
    checkInputs(drive.inputs(), pairs);
    double[] outScales = drive.outScales();
    if (outScales.length < batch) throw new IllegalArgumentException("outScales holds " + outScales.length + " values, need " + batch);
    double[] m = new double[batch];
    ColumnMaxima.maxAbs(drive.inputs(), pairs, m, 0, batch);
    for (int b = 0; b < batch; b++) {
      if (Double.isNaN(m[b])) return false;
      outScales[b] = InputScaling.scale(m[b], readVolts);
    }
    return true;
  }

  /** The row pairs of a region under differential drive. */
  public static int pairs(Region region) {
    if ((region.rowCount() & 1) != 0) throw new IllegalArgumentException("differential drive needs an even row count, got " + region.rowCount());
    return region.rowCount() / 2;
  }

  private static void checkInputs(double[][] inputs, int pairs) {
    if (inputs.length < pairs) throw new IllegalArgumentException("pairInputs holds " + inputs.length + " rows, need " + pairs);
  }
}
