package insitu.boards.capability;

/** A board whose firmware tests its own cells. */
public interface SelfTest extends BoardCapability {
  /**
   * What the firmware's self-test found.
   *
   * @param checkedCells cells tested (every cell of the board)
   * @param failedCells cells that no longer switch (stuck, dead, worn out) or lie outside the conductance window
   */
  record Result(long checkedCells, long failedCells) {}

  /** Runs the board's self test without disturbing any cell. */
  Result selfTest();
}
