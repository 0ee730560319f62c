package insitu.boards.sim.readout;

import insitu.boards.Board;
import insitu.boards.Region;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.PairVolts;

/**
 * How the board senses its cells: reads and the currents of MVMs, with their noise and ADC. The
 * paper's and the ideal devices ({@link PaperReadout}: exact products, optional per-device read
 * noise, the spec's ADC) or device physics ({@link DeviceReadout}: relaxation, telegraph traps,
 * read noise per output, the readout chain). The board checks regions and buffers first; the
 * readout counts the cells read and the products run on the board's meter.
 */
public interface Readout {
  /** Reads every cell of the region into {@code out}, row-major (the board counts the command and its samples). */
  void read(Region region, double[] out);

  /**
   * Currents of row volts already checked against the read voltage; the board counts the command
   * before and its samples after.
   *
   * @param pairedDrive whether every vector drives the rows in (+v, −v) pairs
   */
  void rows(Region region, double[] volts, int batch, boolean pairedDrive, double[] out);

  /** Currents of a differential drive; {@code board} takes it as {@link insitu.boards.drive.Drives} defines it, if the devices cannot act as pairs. */
  void pairs(Board board, Region region, PairVolts drive, double[] out);

  /** Currents of a column drive (see {@link Board#mvm(Region, ColumnDrive, double[][])}); {@code board} as for {@link #pairs}. */
  boolean columns(Board board, Region region, ColumnDrive drive, double[][] out);

  /** The conductances of an array as they are now, row-major, without read noise, traps or counting. */
  double[] trueConductances(int array);
}
