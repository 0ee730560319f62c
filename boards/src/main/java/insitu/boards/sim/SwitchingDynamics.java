package insitu.boards.sim;

/**
 * Stochastic, amplitude-driven switching of a 1T1R cell, as data. With {@link #none()} a pulse
 * jumps straight to its target (the paper's model); otherwise:
 *
 * <ul>
 *   <li>SET (amplitude V ≥ {@link DeviceModel#minSetVolts()}): if G is below the gate-limited
 *       compliance value G_cc(Vg) = {@link DeviceModel#setTarget(double)}, G steps a fraction
 *       f = 1 − exp(−setStepPerVolt·(V − V_set)) of the way there, times (1 + setStepSigma·N);
 *       a cell already at or above G_cc does not move (the transistor limits the current).
 *   <li>RESET (V ≥ {@link DeviceModel#minResetVolts()}): G ← G_hrs + (G − G_hrs)·exp(−resetRatePerVolt·(V −
 *       V_reset))·max(0, 1 + resetStepSigma·N), so small overdrives are gradual and a large
 *       overdrive lands at the high-resistance state G_hrs = {@link DeviceModel#resetSiemens()}.
 * </ul>
 *
 * Shapes follow board-anchors.md §7.6 (gate-limited SET, gradual RESET whose rate rises
 * exponentially with overdrive, step σ 20–50 % of ΔG).
 *
 * @param setStepPerVolt how fast the SET fraction approaches 1 with amplitude overdrive, 1/V
 * @param setStepSigma σ of a SET step relative to its mean
 * @param resetRatePerVolt exponential RESET rate per volt of overdrive, 1/V
 * @param resetStepSigma σ of the RESET decay factor relative to its mean
 */
public record SwitchingDynamics(double setStepPerVolt, double setStepSigma, double resetRatePerVolt, double resetStepSigma) {

  public SwitchingDynamics {
    if (setStepPerVolt < 0 || setStepSigma < 0 || resetRatePerVolt < 0 || resetStepSigma < 0)
      throw new IllegalArgumentException("switching parameters must be >= 0");
  }

  /** Deterministic jumps to the target: the paper's model. */
  public static SwitchingDynamics none() {
    return new SwitchingDynamics(0, 0, 0, 0);
  }

  public boolean isNone() {
    return setStepPerVolt == 0 && resetRatePerVolt == 0;
  }

  /** Mean fraction of the way to G_cc that one SET pulse of this overdrive covers. */
  public double setFraction(double overdriveVolts) {
    return 1 - StrictMath.exp(-setStepPerVolt * overdriveVolts);
  }

  /** Mean factor by which one RESET pulse of this overdrive shrinks G − G_hrs. */
  public double resetFactor(double overdriveVolts) {
    return StrictMath.exp(-resetRatePerVolt * overdriveVolts);
  }
}
