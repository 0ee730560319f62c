package insitu.boards;

/**
 * A memristor crossbar board: one or more 1T1R arrays that can be pulsed, read and used for analog
 * matrix-vector products. The same interface serves the simulated board and the serial driver.
 *
 * <p>Cells are addressed by array index and physical row/column indices. Region-based calls take
 * explicit row and column index lists so that callers can skip defective lines.
 */
public interface Board extends AutoCloseable {

  /** What this board is: array geometry, conductance window, voltage limits, ADC, known defects. */
  BoardSpec spec();

  /**
   * Applies one pulse to each cell of the batch, in order. Pulses are not idempotent: an
   * implementation must never apply a batch twice.
   */
  void pulse(PulseBatch batch);

  /**
   * Reads the conductance of every cell of a region at the read voltage.
   *
   * @param outSiemens row-major, {@code rows.length × cols.length}
   */
  void read(Region region, double[] outSiemens);

  /**
   * Analog matrix-vector products: for every input vector, drives the region's rows with the
   * given voltages and returns the current of every selected column (I = Gᵀ·V).
   *
   * @param rowVolts {@code batch × rows.length}, row-major, each within ±{@link BoardSpec#readVolts()}
   * @param outColumnAmps {@code batch × cols.length}, row-major
   */
  void mvm(Region region, double[] rowVolts, int batch, double[] outColumnAmps);

  /**
   * {@link #mvm} with differential drive: the region's rows come in pairs (G⁺ row, G⁻ row) and
   * vector b drives pair i with +v[b][i] on the first row and −v[b][i] on the second. The result
   * (and the counters) are those of {@link #mvm} with the expanded voltages, which is what this
   * default does; a board may skip building them.
   *
   * @param pairVolts {@code batch × rows.length/2}, row-major, each within ±{@link BoardSpec#readVolts()}
   */
  default void mvmDifferential(Region region, double[] pairVolts, int batch, double[] outColumnAmps) {
    if ((region.rowCount() & 1) != 0) throw new IllegalArgumentException("differential drive needs an even row count, got " + region.rowCount());
    int pairs = region.rowCount() / 2;
    if (pairVolts.length < batch * pairs) throw new IllegalArgumentException("pairVolts holds " + pairVolts.length + " values, need " + batch * pairs);
    double[] v = new double[batch * 2 * pairs];
    for (int k = 0; k < batch * pairs; k++) {
      v[2 * k] = pairVolts[k];
      v[2 * k + 1] = -pairVolts[k];
    }
    mvm(region, v, batch, outColumnAmps);
  }

  /**
   * {@link #mvmDifferential} with the batch as the fast axis: {@code pairVolts[p][b]} is the
   * voltage of pair p in vector b, and the currents come back as {@code outColumnAmps[j][b]} (rows
   * of length ≥ batch; rows may be shared, e.g. by replicated pairs). Same currents and counters as
   * {@link #mvmDifferential}. Convolutions lay their im2col patches out this way, and a simulator
   * multiplies them with unit stride, without transposing. This default transposes both ways, so
   * the wire format of a serial board is unchanged.
   */
  default void mvmDifferentialColumns(Region region, double[][] pairVolts, int batch, double[][] outColumnAmps) {
    int pairs = region.rowCount() / 2, nc = region.colCount();
    if (pairVolts.length < pairs) throw new IllegalArgumentException("pairVolts holds " + pairVolts.length + " rows, need " + pairs);
    if (outColumnAmps.length < nc) throw new IllegalArgumentException("output holds " + outColumnAmps.length + " rows, need " + nc);
    double[] v = new double[batch * pairs], out = new double[batch * nc];
    for (int p = 0; p < pairs; p++)
      for (int b = 0; b < batch; b++) v[b * pairs + p] = pairVolts[p][b];
    mvmDifferential(region, v, batch, out);
    for (int j = 0; j < nc; j++)
      for (int b = 0; b < batch; b++) outColumnAmps[j][b] = out[b * nc + j];
  }

  /**
   * {@link #mvmDifferentialColumns} of scaled inputs: pair p of vector b is driven at
   * {@link InputScaling#volts InputScaling.volts(inputs[p][b], scales[b], V_read)} (V_read of this
   * board's spec), so every voltage lies within ±V_read by construction. A board that multiplies
   * in this process computes the voltages as it goes instead of reading a voltage array; this
   * default builds the voltages and calls {@link #mvmDifferentialColumns}: the same result and
   * counters either way. Inputs and scales must be finite (the caller checks them).
   *
   * @param pairInputs one row per row pair (rows of copies may be the same array), each at least {@code batch} long
   * @param scales per vector, at least {@code batch} long
   */
  default void mvmScaledColumns(Region region, double[][] pairInputs, double[] scales, int batch, double[][] outColumnAmps) {
    int pairs = region.rowCount() / 2;
    if (pairInputs.length < pairs) throw new IllegalArgumentException("pairInputs holds " + pairInputs.length + " rows, need " + pairs);
    double readVolts = spec().readVolts();
    double[][] v = new double[pairs][batch];
    for (int p = 0; p < pairs; p++)
      for (int b = 0; b < batch; b++) v[p][b] = InputScaling.volts(pairInputs[p][b], scales[b], readVolts);
    mvmDifferentialColumns(region, v, batch, outColumnAmps);
  }

  /**
   * {@link #mvmScaledColumns} with each vector's scale chosen by the board, as a DAC that scales
   * every vector to its full range would: {@code outScales[b] = }{@link InputScaling#scale
   * InputScaling.scale}{@code (max_p |pairInputs[p][b]|, V_read)}, so the largest input of each
   * vector drives exactly V_read. Returns false, with the outputs undefined, if an input is NaN.
   * This default computes the scales and calls {@link #mvmScaledColumns}; a board that multiplies
   * in this process finds the maxima in the same sweep as the products.
   */
  default boolean mvmAutoScaledColumns(Region region, double[][] pairInputs, int batch, double[] outScales, double[][] outColumnAmps) {
    return mvmAutoScaledColumns(region, pairInputs, batch, outScales, outColumnAmps, null);
  }

  /**
   * {@link #mvmAutoScaledColumns(Region, double[][], int, double[], double[][])} whose inputs are
   * produced on demand: {@code fill} (null: none) is called for every range of columns before the
   * board reads it. This default fills them all first.
   */
  default boolean mvmAutoScaledColumns(Region region, double[][] pairInputs, int batch, double[] outScales, double[][] outColumnAmps,
                                       ColumnFill fill) {
    if (fill != null) fill.fill(0, batch);
    int pairs = region.rowCount() / 2;
    if (pairInputs.length < pairs) throw new IllegalArgumentException("pairInputs holds " + pairInputs.length + " rows, need " + pairs);
    double[] m = new double[batch];
    insitu.numeric.kernel.ColumnMaxima.maxAbs(pairInputs, pairs, m, 0, batch);
    double readVolts = spec().readVolts();
    for (int b = 0; b < batch; b++) {
      if (Double.isNaN(m[b])) return false;
      outScales[b] = InputScaling.scale(m[b], readVolts);
    }
    mvmScaledColumns(region, pairInputs, outScales, batch, outColumnAmps);
    return true;
  }

  /**
   * {@link #mvmDifferential} of every patch of a batch of feature maps, unfolded by the board
   * itself: only the maps travel to a remote board, not every patch (a 3×3 convolution's patches
   * are nine times its input). Each patch is scaled to the read voltage as
   * {@link PatchGeometry#pairVolts} defines; the region's rows are {@code copies} copies of the
   * patch's pairs. The result (and the counters) are those of {@link #mvmDifferential} with those
   * voltages, which is what this default does.
   *
   * @param maps {@code samples × geometry.mapSize()}, row-major
   * @param outColumnAmps {@code samples·patchesPerSample × cols.length}, patches in (sample, oy, ox) order
   */
  default void mvmPatches(Region region, PatchGeometry geometry, double[] maps, int samples, double[] outColumnAmps) {
    int pairs = PatchDrive.checkedPairs(region, geometry, maps, samples);
    double[] v = new double[samples * geometry.patchesPerSample() * pairs];
    geometry.pairVolts(maps, 0, samples, spec().readVolts(), pairs / geometry.patchSize(), v, 0, new double[geometry.scratchSize()]);
    mvmDifferential(region, v, samples * geometry.patchesPerSample(), outColumnAmps);
  }

  /**
   * Whether {@link #mvmPatches} is the cheaper way to drive this board's convolutions: true for a
   * board behind a link, where the maps are a fraction of the patches' bytes. An in-process board
   * says false: the caller has the patches anyway (it needs them for training), and unfolding them
   * a second time would only cost time. Either way the results are the same.
   */
  default boolean prefersFeatureMaps() {
    return false;
  }

  /** Running counters of the work done since the board was opened. */
  BoardCounters counters();

  @Override
  void close();
}
