package insitu.boards.conformance;

import insitu.boards.BoardSpec;

/**
 * How close two measurements must be, from what INFO states (conductance window, read voltage,
 * ADC bits and full scale) and the read noise the suite measured. Six standard deviations and
 * four ADC steps per quantized value (rounding plus a few codes of offset) keep a correct board
 * from failing by chance while a wrong product (a swapped index, a dropped row, a stale value) is
 * still far outside.
 */
final class Tolerances {
  private static final double SIGMAS = 6, LSB_PER_VALUE = 4, RELATIVE = 1e-9;
  /** A pulse took effect when it moved a cell by more than this fraction of the window. */
  static final double EFFECT_FRACTION = 0.1;

  private Tolerances() {}

  static double window(BoardSpec s) {
    return s.maxSiemens() - s.minSiemens();
  }

  /** A pulse with an effect moves a cell further than this; one without moves it less. */
  static double effect(BoardSpec s) {
    return EFFECT_FRACTION * window(s);
  }

  /** One ADC step of a column current (0 for an exact readout): the quantizer spans ±fullScale in 2^bits − 1 steps. */
  static double adcStepAmps(BoardSpec s) {
    return s.adcBits() == 0 ? 0 : 2 * s.fullScaleAmps() / ((1L << s.adcBits()) - 1);
  }

  /** One ADC step of a read conductance: a current step at the read voltage. */
  static double readStepSiemens(BoardSpec s) {
    return adcStepAmps(s) / s.readVolts();
  }

  /** Two reads of an unchanged cell with read-noise σ may differ by this much. */
  static double sameCell(BoardSpec s, double sigma) {
    return SIGMAS * Math.sqrt(2) * sigma + 2 * LSB_PER_VALUE * readStepSiemens(s) + RELATIVE * s.maxSiemens();
  }

  /**
   * How far column current j of vector b may lie from Σ_i G_ij·V_i when G is the mean of
   * {@code g.repeats()} reads: the noise of the product and of the means, the ADC step of the
   * current and of every read conductance it was computed from, and rounding.
   *
   * @param products 1 when comparing with reads, 2 when comparing two measured products
   */
  static double product(BoardSpec s, ReadStatistics g, double[] volts, int b, int j, int nr, int nc, int products) {
    double var = 0, sumAbsVolts = 0, magnitude = 0;
    for (int i = 0; i < nr; i++) {
      double v = volts[b * nr + i], sigma = g.sigma()[i * nc + j];
      var += v * v * sigma * sigma;
      sumAbsVolts += Math.abs(v);
      magnitude += Math.abs(v * g.mean()[i * nc + j]);
    }
    double noise = products == 1 ? var * (1 + 1.0 / g.repeats()) : var * products;
    double readSteps = products == 1 ? sumAbsVolts * LSB_PER_VALUE * readStepSiemens(s) : 0;
    return SIGMAS * Math.sqrt(noise) + products * LSB_PER_VALUE * adcStepAmps(s) + readSteps + RELATIVE * magnitude + 1e-15;
  }
}
