package insitu.boards.sim.readout;

import insitu.boards.sim.ReadoutChain;

/**
 * A readout chain applied to a column of currents laid out with unit stride (a column-layout MVM):
 * the peak that picks the column's range, and the ADC codes on that range. Both work on ranges of
 * vectors, so a column can be read in parallel pieces with the result of reading it whole.
 */
final class ColumnReadout {
  private ColumnReadout() {}

  /**
   * max |amps[b]| over b in from..to, 0 for none (NaN if one is NaN). Four running maxima: a
   * maximum of non-negative values is the same in any order, and four chains do not wait on each other.
   */
  static double peak(double[] amps, int from, int to) {
    double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    int b = from;
    for (; b + 3 < to; b += 4) {
      m0 = Math.max(m0, Math.abs(amps[b]));
      m1 = Math.max(m1, Math.abs(amps[b + 1]));
      m2 = Math.max(m2, Math.abs(amps[b + 2]));
      m3 = Math.max(m3, Math.abs(amps[b + 3]));
    }
    for (; b < to; b++) m0 = Math.max(m0, Math.abs(amps[b]));
    return Math.max(Math.max(m0, m1), Math.max(m2, m3));
  }

  /** Replaces amps[from..to) by the ADC's readings on this range; returns how many lay beyond it. */
  static int code(ReadoutChain chain, double[] amps, int from, int to, double range, double offsetLsb) {
    double lsb = chain.lsbAmps(range);
    int saturated = 0;
    for (int b = from; b < to; b++) {
      if (Math.abs(amps[b]) > range) saturated++;
      amps[b] = chain.code(amps[b], range, offsetLsb) * lsb;
    }
    return saturated;
  }
}
