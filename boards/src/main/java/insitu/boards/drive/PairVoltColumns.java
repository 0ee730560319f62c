package insitu.boards.drive;

import java.util.Objects;

/**
 * {@link PairVolts} laid out by columns: {@code volts[p][b]} is the voltage of pair p in vector b
 * (rows at least {@code batch} long; rows may be the same array, e.g. for replicated pairs).
 * Convolutions lay their im2col patches out this way. The arrays are the caller's, not copied.
 */
public record PairVoltColumns(double[][] volts, int batch) implements ColumnDrive {
  public PairVoltColumns {
    Objects.requireNonNull(volts, "volts");
    if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, was " + batch);
  }
}
