package insitu.boards.conformance;

/**
 * One named check of the firmware. Its body returns what it saw when the board passes and throws
 * {@link CheckFailure} when it does not.
 *
 * @param name stable kebab-case name (reports and docs use it)
 * @param requires what the board must do to pass, one sentence for the report and the spec
 * @param touchesCells whether it programs the suite's pulse cells (the suite reads them before and
 *     restores them after)
 * @param needsResetLine whether it resets the board through its RESET line (skipped without one)
 */
public record ConformanceCheck(String name, String requires, boolean touchesCells, boolean needsResetLine, Body body) {

  /** What the check does; returns the detail of a pass. */
  @FunctionalInterface
  public interface Body {
    String run(BoardUnderTest board);
  }
}
