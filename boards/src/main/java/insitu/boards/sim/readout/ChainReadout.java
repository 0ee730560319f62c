package insitu.boards.sim.readout;

import insitu.boards.BoardSpec;
import insitu.boards.Region;
import insitu.boards.sim.ReadoutChain;
import insitu.boards.sim.state.Meter;
import insitu.numeric.parallel.Workers;
import insitu.numeric.random.GaussianSource;

/**
 * A board's readout chain (TIA ranges and ADC) with the fixed offset of every column: each column
 * of a command is auto-ranged on its largest current and coded on that range; readings beyond the
 * largest range saturate, and the meter counts them.
 */
final class ChainReadout {
  private final ReadoutChain chain;
  private final double[][] offsetLsb; // per array and column
  private final Meter meter;

  /** Draws every column's offset (array by array, one uniform each), as the board is made. */
  ChainReadout(BoardSpec spec, ReadoutChain chain, GaussianSource rng, Meter meter) {
    this.chain = chain;
    this.meter = meter;
    offsetLsb = new double[spec.arrays()][spec.cols()];
    for (int a = 0; a < spec.arrays(); a++)
      for (int c = 0; c < spec.cols(); c++) offsetLsb[a][c] = Math.rint(chain.maxOffsetLsb() * (2 * rng.uniform() - 1));
  }

  /** Auto-ranges one column (entries j, j+stride, …) and replaces its currents by the ADC's reading. */
  void readColumn(int a, int col, double[] amps, int j, int stride, int count) {
    double peak = 0;
    for (int k = 0; k < count; k++) peak = Math.max(peak, Math.abs(amps[j + k * stride]));
    double range = chain.rangeFor(peak), lsb = chain.lsbAmps(range), offset = offsetLsb[a][col];
    long saturated = 0;
    for (int k = 0; k < count; k++) {
      int at = j + k * stride;
      if (Math.abs(amps[at]) > range) saturated++;
      amps[at] = chain.code(amps[at], range, offset) * lsb;
    }
    meter.saturated(saturated);
  }

  /**
   * {@link #readColumn} of every column of a column-layout MVM, given each chunk's peaks (chunks
   * of {@code workers.run(batch, work, threshold, …)}): the same ranges (a peak is a maximum,
   * whatever the split) and codes, coded in parallel.
   */
  void readColumns(Workers workers, int a, Region region, double[][] out, int batch, double[] peaks, long work, long threshold) {
    int nc = region.colCount();
    double[] range = new double[nc], offset = new double[nc];
    for (int j = 0; j < nc; j++) {
      double peak = 0;
      for (int k = j; k < peaks.length; k += nc) peak = Math.max(peak, peaks[k]);
      range[j] = chain.rangeFor(peak);
      offset[j] = offsetLsb[a][region.col(j)];
    }
    int[] saturated = new int[Workers.chunks(batch, work, threshold)];
    workers.run(batch, work, threshold, (chunk, from, to) -> {
      for (int j = 0; j < nc; j++) saturated[chunk] += ColumnReadout.code(chain, out[j], from, to, range[j], offset[j]);
    });
    for (int n : saturated) meter.saturated(n);
  }
}
