package insitu.boards.sim.readout;

import insitu.boards.BoardSpec;

/** The plain ADC a board's spec describes: currents clipped to ±full scale and rounded to its codes (none at 0 bits). */
final class SpecAdc {
  private final double fullScale, step;
  private final boolean exact;

  SpecAdc(BoardSpec spec) {
    fullScale = spec.fullScaleAmps();
    exact = spec.adcBits() == 0;
    step = exact ? 0 : 2 * fullScale / ((1 << spec.adcBits()) - 1);
  }

  boolean exact() {
    return exact;
  }

  /** Codes values off..off+n-1 in place. */
  void quantize(double[] out, int off, int n) {
    for (int j = off; j < off + n; j++) {
      double v = Math.max(-fullScale, Math.min(fullScale, out[j]));
      out[j] = Math.round(v / step) * step;
    }
  }
}
