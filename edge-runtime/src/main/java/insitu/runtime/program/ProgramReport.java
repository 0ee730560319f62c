package insitu.runtime.program;

/**
 * Outcome of closed-loop programming.
 *
 * @param cells devices programmed
 * @param converged devices within tolerance at the final re-verify
 * @param failed devices outside tolerance at the final re-verify (includes {@code stuck})
 * @param stuck devices given up because they stopped responding to pulses
 * @param pulses SET and RESET pulses applied
 * @param iterations verify-and-pulse rounds run
 * @param meanAbsErrorSiemens mean |G − target| over all devices at the final re-verify
 * @param maxAbsErrorSiemens largest |G − target| at the final re-verify
 * @param toleranceSiemens the tolerance used (absolute part)
 * @param seconds wall time
 */
public record ProgramReport(int cells, int converged, int failed, int stuck, long pulses, int iterations,
                            double meanAbsErrorSiemens, double maxAbsErrorSiemens, double toleranceSiemens, double seconds) {

  /** Fraction of devices within tolerance. */
  public double convergedFraction() {
    return cells == 0 ? 1 : (double) converged / cells;
  }

  public double pulsesPerCell() {
    return cells == 0 ? 0 : (double) pulses / cells;
  }

  /** Sums reports of parts programmed separately. */
  public ProgramReport plus(ProgramReport o) {
    int n = cells + o.cells;
    double mean = n == 0 ? 0 : (meanAbsErrorSiemens * cells + o.meanAbsErrorSiemens * o.cells) / n;
    return new ProgramReport(n, converged + o.converged, failed + o.failed, stuck + o.stuck, pulses + o.pulses,
        Math.max(iterations, o.iterations), mean, Math.max(maxAbsErrorSiemens, o.maxAbsErrorSiemens),
        Math.max(toleranceSiemens, o.toleranceSiemens), seconds + o.seconds);
  }
}
