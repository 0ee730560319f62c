package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.capability.SelfTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The firmware's own self-test (SELF_TEST) of a board that has one, as a report entry: the
 * commands that open a real board for inspection ({@code board info}, {@code board selftest}) run
 * it first, so a board with failed cells says so before anything is measured or programmed.
 */
public final class FirmwareSelfTest {
  private FirmwareSelfTest() {}

  /** {checked_cells, failed_cells, failed_fraction} of the firmware's self-test, or empty for a board without one. */
  public static Optional<Map<String, Object>> run(Board board) {
    return board.capability(SelfTest.class).map(t -> {
      SelfTest.Result r = t.selfTest();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("checked_cells", r.checkedCells());
      m.put("failed_cells", r.failedCells());
      m.put("failed_fraction", r.checkedCells() == 0 ? 0.0 : (double) r.failedCells() / r.checkedCells());
      return m;
    });
  }

  /** "; firmware self-test: 12 of 8192 cells failed", or "" when the report has no self-test. */
  public static String summary(Map<String, Object> report) {
    Object t = report.get("firmware_self_test");
    if (!(t instanceof Map<?, ?> m)) return "";
    return "; firmware self-test: " + m.get("failed_cells") + " of " + m.get("checked_cells") + " cells failed";
  }
}
