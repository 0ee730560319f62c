package insitu.boards;

/**
 * What a board is and what it accepts. Every command is validated against these limits, on the
 * host and again on the board.
 *
 * @param name human-readable identity ("sim:paper", a firmware id)
 * @param arrays number of crossbar arrays
 * @param rows rows per array (word/source lines, the MVM inputs)
 * @param cols columns per array (bit lines, the MVM outputs)
 * @param minSiemens lowest conductance the devices reach
 * @param maxSiemens highest conductance the devices reach
 * @param readVolts read voltage: MVM inputs lie within ±readVolts
 * @param maxSetVolts largest SET amplitude
 * @param maxResetVolts largest RESET amplitude
 * @param maxGateVolts largest gate voltage
 * @param adcBits ADC resolution of column currents, 0 for an exact readout
 * @param fullScaleAmps TIA/ADC full-scale current (currents are clipped to ±this)
 * @param defects known-bad lines and cells
 */
public record BoardSpec(
    String name, int arrays, int rows, int cols,
    double minSiemens, double maxSiemens, double readVolts,
    double maxSetVolts, double maxResetVolts, double maxGateVolts,
    int adcBits, double fullScaleAmps, DefectMap defects) {

  /** Most arrays, rows or columns: the board protocol counts them in 16 bits. */
  public static final int MAX_LINES = 0xFFFF;

  public BoardSpec {
    if (arrays < 1 || rows < 1 || cols < 1)
      throw new IllegalArgumentException("board needs at least one array, row and column: " + arrays + "x" + rows + "x" + cols);
    if (arrays > MAX_LINES || rows > MAX_LINES || cols > MAX_LINES)
      throw new IllegalArgumentException("board has more than " + MAX_LINES + " arrays, rows or columns: " + arrays + "x" + rows + "x" + cols);
    if (!(minSiemens >= 0) || !Double.isFinite(maxSiemens)) throw new IllegalArgumentException("conductances must be finite and >= 0");
    if (!(maxSiemens > minSiemens)) throw new IllegalArgumentException("maxSiemens must exceed minSiemens");
    if (!(readVolts > 0) || !Double.isFinite(readVolts)) throw new IllegalArgumentException("readVolts must be finite and > 0");
    if (!(maxSetVolts >= 0 && maxResetVolts >= 0 && maxGateVolts >= 0)
        || !Double.isFinite(maxSetVolts + maxResetVolts + maxGateVolts))
      throw new IllegalArgumentException("voltage limits must be finite and >= 0");
    if (!(fullScaleAmps > 0) || !Double.isFinite(fullScaleAmps)) throw new IllegalArgumentException("fullScaleAmps must be finite and > 0");
    if (adcBits < 0 || adcBits > 24) throw new IllegalArgumentException("adcBits must be 0..24, was " + adcBits);
  }

  public int cellsPerArray() {
    return rows * cols;
  }

  public BoardSpec withDefects(DefectMap d) {
    return new BoardSpec(name, arrays, rows, cols, minSiemens, maxSiemens, readVolts, maxSetVolts, maxResetVolts,
        maxGateVolts, adcBits, fullScaleAmps, d);
  }

  public BoardSpec withArrays(int n) {
    return new BoardSpec(name, n, rows, cols, minSiemens, maxSiemens, readVolts, maxSetVolts, maxResetVolts,
        maxGateVolts, adcBits, fullScaleAmps, defects);
  }

  /** Throws if the region lies outside the board. */
  public void checkRegion(Region r) {
    if (r.array() >= arrays) throw new IllegalArgumentException("array " + r.array() + " out of range 0.." + (arrays - 1));
    for (int i = 0; i < r.rowCount(); i++)
      if (r.row(i) < 0 || r.row(i) >= rows) throw new IllegalArgumentException("row " + r.row(i) + " out of range 0.." + (rows - 1));
    for (int j = 0; j < r.colCount(); j++)
      if (r.col(j) < 0 || r.col(j) >= cols) throw new IllegalArgumentException("column " + r.col(j) + " out of range 0.." + (cols - 1));
  }

  /** Throws if any pulse of the batch is outside the board or its voltage limits. */
  public void checkPulses(PulseBatch b) {
    if (b.array() < 0 || b.array() >= arrays) throw new IllegalArgumentException("array " + b.array() + " out of range 0.." + (arrays - 1));
    double maxAmp = b.kind() == PulseKind.SET ? maxSetVolts : maxResetVolts;
    if (b.amplitudeVolts() > maxAmp)
      throw new IllegalArgumentException(b.kind() + " amplitude " + b.amplitudeVolts() + " V exceeds the board limit " + maxAmp + " V");
    int[] rs = b.rows(), cs = b.cols();
    double[] gs = b.gateVolts();
    for (int k = 0; k < rs.length; k++) {
      if (rs[k] < 0 || rs[k] >= rows || cs[k] < 0 || cs[k] >= cols)
        throw new IllegalArgumentException("pulse cell (" + rs[k] + "," + cs[k] + ") outside the " + rows + "x" + cols + " array");
      if (gs[k] > maxGateVolts)
        throw new IllegalArgumentException("gate voltage " + gs[k] + " V exceeds the board limit " + maxGateVolts + " V");
    }
  }
}
