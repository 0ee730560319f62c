package insitu.boards;

import insitu.boards.capability.BoardCapability;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.Drives;
import insitu.boards.drive.RowDrive;
import java.util.Optional;

/**
 * A memristor crossbar board: one or more 1T1R arrays that can be pulsed, read and used for analog
 * matrix-vector products. The same interface serves the simulated board and the serial driver.
 *
 * <p>Cells are addressed by array index and physical row/column indices. Region-based calls take
 * explicit row and column index lists so that callers can skip defective lines.
 *
 * <p>Products come in two shapes over sealed sets of drives, whose meaning as row voltages
 * {@link Drives} defines: a board may take a drive by a faster road (or another opcode), never to
 * another result. Optional abilities (virtual time, state snapshots, a firmware self-test, a
 * preferred drive, link statistics) are {@linkplain #capability capabilities}.
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
   * Analog matrix-vector products: for every vector of the drive, drives the region's rows and
   * returns the current of every selected column (I = Gᵀ·V). Voltages past ±{@link BoardSpec#readVolts()}
   * are refused before anything is counted.
   *
   * @param outColumnAmps {@code drive.batch() × cols.length}, row-major
   */
  void mvm(Region region, RowDrive drive, double[] outColumnAmps);

  /**
   * Analog matrix-vector products of a drive laid out by columns, the currents laid out the same
   * way: {@code outColumnAmps[j][b]} (rows at least {@code drive.batch()} long).
   *
   * @return false, with the outputs undefined and nothing counted, when an input the board was to
   *     scale itself is NaN ({@link insitu.boards.drive.AutoScaledColumns}); true otherwise
   */
  boolean mvm(Region region, ColumnDrive drive, double[][] outColumnAmps);

  /** Running counters of the work done since the board was opened. */
  BoardCounters counters();

  /**
   * An optional ability of this board, if it has it: e.g. {@code board.capability(VirtualClock.class)}.
   * This default offers what the board's class implements.
   */
  default <C extends BoardCapability> Optional<C> capability(Class<C> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  void close();
}
