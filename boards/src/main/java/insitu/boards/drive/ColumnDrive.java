package insitu.boards.drive;

/**
 * A differential drive of a batch laid out by columns (element p of vector b at {@code [p][b]},
 * the batch the unit-stride axis), with the currents coming back the same way
 * ({@code out[j][b]}). Every drive means row voltages in the end; {@link Drives} defines which.
 */
public sealed interface ColumnDrive permits PairVoltColumns, ScaledColumns, AutoScaledColumns {
  /** Vectors driven: columns of every input and output row. */
  int batch();
}
