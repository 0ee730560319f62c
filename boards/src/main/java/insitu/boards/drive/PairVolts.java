package insitu.boards.drive;

import java.util.Objects;

/**
 * Differential drive: the region's rows come in pairs (G⁺ row, G⁻ row), and vector b drives pair
 * i with +v on the first row and −v on the second, {@code v = volts[b·pairs + i]}. The array is the
 * caller's, not copied.
 */
public record PairVolts(double[] volts, int batch) implements RowDrive {
  public PairVolts {
    Objects.requireNonNull(volts, "volts");
    if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, was " + batch);
  }
}
