package insitu.boards.drive;

import insitu.boards.InputScaling;
import java.util.Objects;

/**
 * Scaled inputs: pair p of vector b is driven at {@link InputScaling#volts
 * InputScaling.volts(inputs[p][b], scales[b], V_read)}, so every voltage lies within ±V_read by
 * construction. A board that multiplies in this process computes the voltages as it goes. Inputs
 * and scales must be finite (the caller checks them). The arrays are the caller's, not copied.
 *
 * @param inputs one row per row pair (rows of copies may be the same array), each at least {@code batch} long
 * @param scales per vector, at least {@code batch} long
 */
public record ScaledColumns(double[][] inputs, double[] scales, int batch) implements ColumnDrive {
  public ScaledColumns {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(scales, "scales");
    if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, was " + batch);
  }
}
