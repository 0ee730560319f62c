package insitu.boards.sim.state;

import insitu.boards.BoardSpec;
import insitu.boards.sim.DeviceModel;
import insitu.numeric.random.GaussianSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The conductance and status of every cell, array by array, and a version per array that every
 * change of a conductance bumps. Conductances change only through {@link #setSiemens} (and
 * {@link #readFrom}), so whatever is derived from an array and kept with its version (the
 * products' gathered conductances) cannot go stale.
 */
public final class CellArrays {
  private final int cols;
  private final double[][] siemens;
  private final byte[][] status;
  private final long[] versions;

  private CellArrays(int arrays, int rows, int cols) {
    this.cols = cols;
    siemens = new double[arrays][rows * cols];
    status = new byte[arrays][rows * cols];
    versions = new long[arrays];
  }

  /**
   * Fresh cells as the board is made: per cell, in row-major order, one uniform draw decides
   * whether it is stuck (defects of the spec are dead), then a working cell draws its initial
   * conductance, uniform in the model's initial range.
   */
  public static CellArrays draw(BoardSpec spec, DeviceModel model, GaussianSource rng) {
    CellArrays c = new CellArrays(spec.arrays(), spec.rows(), spec.cols());
    for (int a = 0; a < spec.arrays(); a++) {
      for (int r = 0; r < spec.rows(); r++) {
        for (int col = 0; col < spec.cols(); col++) {
          int k = r * spec.cols() + col;
          double u = rng.uniform();
          CellStatus s = CellStatus.OK;
          if (spec.defects().isBadCell(a, r, col)) s = CellStatus.DEAD;
          else if (u < model.stuckOffFraction()) s = CellStatus.STUCK_OFF;
          else if (u < model.stuckOffFraction() + model.stuckOnFraction()) s = CellStatus.STUCK_ON;
          c.status[a][k] = (byte) s.ordinal();
          c.siemens[a][k] = switch (s) {
            case DEAD, STUCK_OFF -> model.minSiemens();
            case STUCK_ON -> model.stuckOnSiemens();
            default -> rng.uniform(model.initLowSiemens(), model.initHighSiemens());
          };
        }
      }
    }
    return c;
  }

  public int arrays() {
    return siemens.length;
  }

  public int cellsPerArray() {
    return siemens.length == 0 ? 0 : siemens[0].length;
  }

  /** Columns per array: cell (row, col) is index {@code row·cols + col}. */
  public int cols() {
    return cols;
  }

  public double siemens(int array, int cell) {
    return siemens[array][cell];
  }

  /** Sets a conductance; the array's version moves on. */
  public void setSiemens(int array, int cell, double value) {
    siemens[array][cell] = value;
    versions[array]++;
  }

  /** Whether pulses act on the cell (it is neither stuck, dead nor worn out). */
  public boolean responds(int array, int cell) {
    return status[array][cell] == 0;
  }

  public CellStatus status(int array, int cell) {
    return CellStatus.values()[status[array][cell]];
  }

  public void setStatus(int array, int cell, CellStatus s) {
    status[array][cell] = (byte) s.ordinal();
  }

  /** Changes whenever a conductance of the array does. */
  public long version(int array) {
    return versions[array];
  }

  /** A copy of an array's conductances, row-major. */
  public double[] copy(int array) {
    return siemens[array].clone();
  }

  /** Per array: every conductance, then every status byte. */
  void writeTo(DataOutputStream out) throws IOException {
    for (int a = 0; a < siemens.length; a++) {
      for (double v : siemens[a]) out.writeDouble(v);
      out.write(status[a]);
    }
  }

  /** Reads what {@link #writeTo} wrote; every array's version moves on. */
  void readFrom(DataInputStream in) throws IOException {
    for (int a = 0; a < siemens.length; a++) {
      for (int k = 0; k < siemens[a].length; k++) siemens[a][k] = in.readDouble();
      in.readFully(status[a]);
      versions[a]++;
    }
  }
}
