package insitu.boards.drive;

import insitu.boards.InputScaling;
import java.util.Objects;

/**
 * {@link ScaledColumns} with each vector's scale chosen by the board, as a DAC that scales every
 * vector to its full range would: {@code outScales[b] = }{@link InputScaling#scale
 * InputScaling.scale}{@code (max_p |inputs[p][b]|, V_read)}, so the largest input of each vector
 * drives exactly V_read; the board writes the scales into {@code outScales} for the caller to
 * decode with. The inputs may be produced on demand: {@code fill} (null: none) is called for
 * every range of columns before the board reads it. A NaN input makes the product refuse
 * ({@code mvm} returns false, outputs undefined). The arrays are the caller's, not copied.
 */
public record AutoScaledColumns(double[][] inputs, int batch, double[] outScales, ColumnFill fill) implements ColumnDrive {
  public AutoScaledColumns {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(outScales, "outScales");
    if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, was " + batch);
  }
}
