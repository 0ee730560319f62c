package insitu.boards.sim;

/**
 * Two-level random telegraph noise (RTN): a fraction of cells carries a trap whose state flips at
 * random between reads, so the cell reads G·(1 ± amplitude/2). A verify that happens to catch the
 * favourable level passes a cell that is really out of range (NIST, "Impact of RRAM read
 * fluctuations on the program-verify approach"; board-anchors.md §5, §7.6: 1–5 % of cells).
 *
 * @param cellFraction fraction of cells with a trap, drawn once per cell when the board is made
 * @param amplitudeRelative separation of the two levels relative to G
 * @param toggleProbability probability that the trap flips before a read sample (or MVM call)
 */
public record TelegraphNoise(double cellFraction, double amplitudeRelative, double toggleProbability) {

  public TelegraphNoise {
    if (cellFraction < 0 || cellFraction > 1 || amplitudeRelative < 0 || toggleProbability < 0 || toggleProbability > 1)
      throw new IllegalArgumentException("telegraph noise: fraction and toggle probability in [0,1], amplitude >= 0");
  }

  public static TelegraphNoise none() {
    return new TelegraphNoise(0, 0, 0);
  }

  public boolean isNone() {
    return cellFraction == 0 || amplitudeRelative == 0;
  }

  /** Conductance seen through the trap in the given state. */
  public double apply(double siemens, boolean high) {
    return siemens * (1 + (high ? 0.5 : -0.5) * amplitudeRelative);
  }
}
