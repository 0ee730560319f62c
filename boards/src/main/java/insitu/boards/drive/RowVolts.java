package insitu.boards.drive;

import java.util.Objects;

/**
 * Row voltages: vector b drives row i of the region at {@code volts[b·rows + i]}, each within
 * ±{@code BoardSpec.readVolts()}. The array is the caller's, not copied.
 */
public record RowVolts(double[] volts, int batch) implements RowDrive {
  public RowVolts {
    Objects.requireNonNull(volts, "volts");
    if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, was " + batch);
  }
}
