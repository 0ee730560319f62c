package insitu.boards.sim;

/**
 * Wear-out. Every effective pulse counts half a SET/RESET cycle. Each cell's endurance is
 * medianCycles·exp(logSpread·N), drawn when the board is made. Past narrowingStart of its
 * endurance the programmable window shrinks linearly towards its middle, by narrowingAtEnd of its
 * width at the endurance figure; a cell that reaches its endurance sticks at its conductance.
 * Vendors claim 10⁵–10⁶ cycles (board-anchors.md §7.6, §8).
 *
 * @param medianCycles median endurance, cycles
 * @param logSpread σ of the log-normal cell-to-cell spread of the endurance
 * @param narrowingStart fraction of the endurance at which the window starts to narrow
 * @param narrowingAtEnd fraction of the window lost at the endurance figure
 */
public record Endurance(double medianCycles, double logSpread, double narrowingStart, double narrowingAtEnd) {

  public Endurance {
    if (!(medianCycles > 0) || logSpread < 0 || narrowingStart < 0 || narrowingStart >= 1 || narrowingAtEnd < 0 || narrowingAtEnd > 1)
      throw new IllegalArgumentException("endurance: cycles > 0, spread >= 0, narrowing fractions in [0,1)");
  }

  /** Cells never wear out. */
  public static Endurance none() {
    return new Endurance(Double.POSITIVE_INFINITY, 0, 0, 0);
  }

  public boolean isNone() {
    return medianCycles == Double.POSITIVE_INFINITY;
  }

  /** Fraction of the window lost at this wear (cycles done / the cell's endurance). */
  public double narrowing(double wear) {
    if (wear <= narrowingStart) return 0;
    return narrowingAtEnd * Math.min(1, (wear - narrowingStart) / (1 - narrowingStart));
  }
}
