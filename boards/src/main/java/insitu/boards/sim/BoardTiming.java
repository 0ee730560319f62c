package insitu.boards.sim;

/**
 * How much virtual time the simulated board's operations take. The board's clock advances only by
 * these and by {@link SimulatedBoard#advanceTime(double)}; nothing reads the wall clock. Figures
 * from board-anchors.md §7.6 (about 1 ms per command, 1 µs pulses, 10 µs reads after a 30 µs
 * settle; a read samples all selected columns of a row at once, an MVM one vector at a time).
 *
 * @param commandSeconds fixed overhead of every command
 * @param pulseSeconds one pulse (pulses of a batch are applied one after the other)
 * @param readSeconds one read sample (a row of a read, a vector of an MVM)
 * @param settleSeconds settling before every read sample
 */
public record BoardTiming(double commandSeconds, double pulseSeconds, double readSeconds, double settleSeconds) {

  public BoardTiming {
    if (commandSeconds < 0 || pulseSeconds < 0 || readSeconds < 0 || settleSeconds < 0)
      throw new IllegalArgumentException("durations must be >= 0");
  }

  public static BoardTiming typical() {
    return new BoardTiming(1e-3, 1e-6, 10e-6, 30e-6);
  }

  public double sampleSeconds() {
    return readSeconds + settleSeconds;
  }
}
