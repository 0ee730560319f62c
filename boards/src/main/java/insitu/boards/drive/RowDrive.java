package insitu.boards.drive;

/**
 * How the rows of a region are driven for a batch of vectors, with the currents coming back one
 * vector after the other ({@code batch × cols}, row-major). Every drive means row voltages in the
 * end; {@link Drives} defines which.
 */
public sealed interface RowDrive permits RowVolts, PairVolts, FeatureMaps {
  /** Vectors driven: rows of the output (the record component of the plain drives). */
  int batch();
}
