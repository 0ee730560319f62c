package insitu.boards.sim;

/**
 * Log-time conductance relaxation after programming. A cell programmed to G at time t₀ is seen at
 * time t as G + shift, with t' = max(1 s, t − t₀) and
 * shift = −drift·ln(t') + z·(sigmaSlope·ln(t') + sigmaAtOneSecond), where z is a standard normal
 * drawn for the cell when it is programmed, so a cell's drift is deterministic given the seed.
 * Figures from IBM aihwkit {@code ReRamCMONoiseModel} (mean −0.089·ln t µS, σ = 0.042·ln t +
 * 0.41 µS), rounded as in board-anchors.md §7.6.
 *
 * @param driftSiemensPerLnSecond mean decrease per unit of ln(t / 1 s)
 * @param sigmaSiemensPerLnSecond growth of the spread per unit of ln(t / 1 s)
 * @param sigmaAtOneSecondSiemens spread one second after programming
 */
public record Relaxation(double driftSiemensPerLnSecond, double sigmaSiemensPerLnSecond, double sigmaAtOneSecondSiemens) {

  public Relaxation {
    if (sigmaSiemensPerLnSecond < 0 || sigmaAtOneSecondSiemens < 0)
      throw new IllegalArgumentException("relaxation spreads must be >= 0");
  }

  public static Relaxation none() {
    return new Relaxation(0, 0, 0);
  }

  public boolean isNone() {
    return driftSiemensPerLnSecond == 0 && sigmaSiemensPerLnSecond == 0 && sigmaAtOneSecondSiemens == 0;
  }

  /** Shift of a cell with standard normal {@code z}, {@code elapsedSeconds} after its last pulse. */
  public double shiftSiemens(double z, double elapsedSeconds) {
    return shiftAtLn(z, lnElapsed(elapsedSeconds));
  }

  /** ln(max(1 s, elapsed)): cells pulsed at the same moment share it. */
  public static double lnElapsed(double elapsedSeconds) {
    return elapsedSeconds > 1 ? StrictMath.log(elapsedSeconds) : 0;
  }

  /** {@link #shiftSiemens} given {@link #lnElapsed}. */
  public double shiftAtLn(double z, double lnT) {
    return -driftSiemensPerLnSecond * lnT + z * (sigmaSiemensPerLnSecond * lnT + sigmaAtOneSecondSiemens);
  }
}
