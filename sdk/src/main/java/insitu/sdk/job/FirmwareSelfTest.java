package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.capability.SelfTest;
import java.util.Optional;

/**
 * The firmware's own self-test (SELF_TEST) of a board that has one, as a report entry: the
 * commands that open a real board for inspection ({@code board info}, {@code board selftest}) run
 * it first, so a board with failed cells says so before anything is measured or programmed.
 */
public final class FirmwareSelfTest {
  private FirmwareSelfTest() {}

  /** What the firmware found ({@code "firmware_self_test"} of a report). */
  public record Outcome(long checkedCells, long failedCells, double failedFraction) {}

  /** The firmware's self-test, or empty for a board without one. */
  public static Optional<Outcome> run(Board board) {
    return board.capability(SelfTest.class).map(t -> {
      SelfTest.Result r = t.selfTest();
      return new Outcome(r.checkedCells(), r.failedCells(), r.checkedCells() == 0 ? 0.0 : (double) r.failedCells() / r.checkedCells());
    });
  }

  /** "; firmware self-test: 12 of 8192 cells failed", or "" without a self-test. */
  public static String summary(Optional<Outcome> test) {
    return test.map(t -> "; firmware self-test: " + t.failedCells() + " of " + t.checkedCells() + " cells failed").orElse("");
  }
}
