package insitu.runtime.program;

/**
 * Knobs of closed-loop programming (board-anchors §5: acceptance window, pulse and iteration caps,
 * verify averaging).
 *
 * @param centerSiemens conductance that encodes weight 0 in both devices of a pair
 * @param toleranceSiemens acceptance half-window, absolute
 * @param relativeTolerance acceptance half-window relative to the target; the larger of the two applies
 * @param maxPulsesPerCell a cell that has taken this many pulses is given up
 * @param maxIterations verify-and-pulse rounds at most
 * @param correctionGain fraction of each SET's landing error fed back into that cell's gate offset
 *     (0 = trust the believed response; 1 = chase every error, noise included)
 * @param maxCorrectionSiemens bound on the learned per-cell offset
 * @param noResponseSiemens a pulse that moves G less than this counts as no response
 * @param stuckAfter consecutive unresponsive pulse rounds after which a cell is declared stuck
 * @param readsPerVerify reads averaged per verify (more against read noise)
 */
public record WriteVerifyOptions(double centerSiemens, double toleranceSiemens, double relativeTolerance, int maxPulsesPerCell,
                                 int maxIterations, double correctionGain, double maxCorrectionSiemens, double noResponseSiemens,
                                 int stuckAfter, int readsPerVerify) {

  public WriteVerifyOptions {
    if (!(toleranceSiemens >= 0) || !(relativeTolerance >= 0) || toleranceSiemens + relativeTolerance <= 0)
      throw new IllegalArgumentException("a positive tolerance is needed");
    if (maxPulsesPerCell < 1 || maxIterations < 1 || stuckAfter < 1 || readsPerVerify < 1)
      throw new IllegalArgumentException("caps and counts must be >= 1");
    if (correctionGain < 0 || correctionGain > 1) throw new IllegalArgumentException("correctionGain must be in [0,1]");
  }

  /**
   * Defaults for the paper's devices: weight 0 at G(Vg = 1.6 V) ≈ 291 µS, ±2 µS window, at most
   * 100 pulses per cell and 80 rounds, gentle gate correction (gain 0.2), stuck after 4 rounds
   * without a 0.25 µS response (a responsive paper device moves by σ = 8 µS per pulse, so a false
   * verdict needs four draws within ±0.25 µS in a row: about 1e-7 per device and round).
   */
  public static WriteVerifyOptions defaults(double centerSiemens) {
    return new WriteVerifyOptions(centerSiemens, 2e-6, 0, 100, 80, 0.2, 50e-6, 0.25e-6, 4, 1);
  }

  public double toleranceFor(double target) {
    return Math.max(toleranceSiemens, relativeTolerance * Math.abs(target));
  }

  public WriteVerifyOptions withTolerance(double siemens) {
    return new WriteVerifyOptions(centerSiemens, siemens, relativeTolerance, maxPulsesPerCell, maxIterations, correctionGain,
        maxCorrectionSiemens, noResponseSiemens, stuckAfter, readsPerVerify);
  }

  public WriteVerifyOptions withCaps(int pulsesPerCell, int iterations) {
    return new WriteVerifyOptions(centerSiemens, toleranceSiemens, relativeTolerance, pulsesPerCell, iterations, correctionGain,
        maxCorrectionSiemens, noResponseSiemens, stuckAfter, readsPerVerify);
  }
}
