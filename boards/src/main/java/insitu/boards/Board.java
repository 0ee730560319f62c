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

  /** Running counters of the work done since the board was opened. */
  BoardCounters counters();

  @Override
  void close();
}
