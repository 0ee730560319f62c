package insitu.boards.conformance;

/**
 * How one check went.
 *
 * @param detail what was seen: the evidence of a pass, the first violation of a failure, or why
 *     the check could not run
 */
public record CheckResult(String name, Outcome outcome, String detail) {
  public enum Outcome { PASSED, FAILED, SKIPPED }

  public boolean passed() { return outcome == Outcome.PASSED; }
}
