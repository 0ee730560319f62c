package insitu.boards.emulator;

/**
 * Faults the emulator injects, all drawn from its seeded generator.
 *
 * @param dropRate probability that a byte (either direction) is lost
 * @param corruptRate probability that a byte (either direction) has one bit flipped
 * @param delayRate probability that a reply is held back before sending
 * @param maxDelayMillis longest hold-back
 * @param resetRate probability, per device command, that the board resets while executing it
 *     (a PULSE is then applied to a random prefix of its cells; conductances persist, RAM does not)
 * @param hangAfterCommands after this many device commands the board stops answering; -1 never
 */
public record FaultPlan(double dropRate, double corruptRate, double delayRate, long maxDelayMillis,
    double resetRate, long hangAfterCommands) {

  public FaultPlan {
    for (double p : new double[] {dropRate, corruptRate, delayRate, resetRate})
      if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("fault probabilities must lie in [0,1], got " + p);
    if (maxDelayMillis < 0) throw new IllegalArgumentException("maxDelayMillis must be >= 0");
  }

  /** A perfect link and a board that never resets. */
  public static FaultPlan none() {
    return new FaultPlan(0, 0, 0, 0, 0, -1);
  }

  /**
   * A bad link: {@code byteFaultRate} of the bytes dropped or corrupted (half each), a reset
   * every {@code commandsPerReset} commands on average, occasional short delays.
   */
  public static FaultPlan noisy(double byteFaultRate, int commandsPerReset) {
    return new FaultPlan(byteFaultRate / 2, byteFaultRate / 2, 0.02, 3, 1.0 / commandsPerReset, -1);
  }

  public FaultPlan withHangAfter(long commands) {
    return new FaultPlan(dropRate, corruptRate, delayRate, maxDelayMillis, resetRate, commands);
  }

  boolean touchesBytes() {
    return dropRate > 0 || corruptRate > 0;
  }
}
