package insitu.boards;

/**
 * One pulse per listed cell of one array, all of the same kind and amplitude, each with its own
 * gate voltage. Stored as parallel arrays (row, col, gate) so a batch of thousands of cells costs
 * no per-cell objects and maps one-to-one onto the wire format.
 */
public record PulseBatch(int array, PulseKind kind, double amplitudeVolts, int[] rows, int[] cols, double[] gateVolts) {

  public PulseBatch {
    if (rows.length != cols.length || rows.length != gateVolts.length)
      throw new IllegalArgumentException("rows, cols and gateVolts must have the same length: "
          + rows.length + ", " + cols.length + ", " + gateVolts.length);
    if (!(amplitudeVolts >= 0)) throw new IllegalArgumentException("pulse amplitude must be >= 0 V, was " + amplitudeVolts);
    for (double g : gateVolts)
      if (!(g >= 0)) throw new IllegalArgumentException("gate voltage must be >= 0 V, was " + g);
  }

  public int size() {
    return rows.length;
  }

  /** Row-major index of pulse k's cell in an array {@code cols} wide. */
  public int cellIndex(int k, int cols) {
    return rows[k] * cols + this.cols[k];
  }
}
