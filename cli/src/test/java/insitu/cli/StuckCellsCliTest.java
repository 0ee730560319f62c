package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5: with 10 % stuck cells the calibrated deployment stays within 2 points of a defect-free board. */
class StuckCellsCliTest {
  static final String MODEL = LifecycleCliTest.MODEL;
  @TempDir Path tmp;

  private static double accuracy(String board) {
    CliRun e = CliRun.of("eval", "--model", MODEL, "--board", board, "--json", "--quiet");
    assertEquals(0, e.exit(), e.err());
    return e.json().get("accuracy").getAsDouble();
  }

  /** Measured (seed 1): defect-free 97.65 %, 10 % stuck 97.50 % (docs/BENCHMARKS.md "Device lifecycle"). */
  @Test void tenPercentStuckIsWithinTwoPointsOfDefectFree() {
    double clean = accuracy("sim:realistic?stuck=0"), stuck = accuracy("sim:realistic?stuck=0.1");
    assertTrue(stuck >= clean - 0.02, "10 % stuck " + stuck + " vs defect-free " + clean);
  }

  @Test void compileWithACalibrationPlacesAroundItsStuckCellsAndEvalKeepsThatPlacement() {
    Path cal = tmp.resolve("cal.json"), xbar = tmp.resolve("cnn.xbar");
    String board = "sim:realistic?stuck=0.1&seed=2";
    CliRun s = CliRun.of("board", "selftest", "--board", board, "--out", cal.toString(), "--quiet");
    assertEquals(0, s.exit(), s.err());
    CliRun c = CliRun.of("compile", MODEL, "--target", board, "--calibration", cal.toString(), "-o", xbar.toString(), "--json", "--quiet");
    assertEquals(0, c.exit(), c.err());
    JsonObject d = c.json().getAsJsonObject("defects");
    assertEquals(2, d.get("copies").getAsInt());
    assertTrue(d.get("harmful_stuck").getAsInt() * 5 <= d.get("plain_harmful_stuck").getAsInt(), d.toString());
    assertEquals(cal.toString(), c.json().getAsJsonObject("calibration").get("source").getAsString());
    CliRun e = CliRun.of("eval", "--model", xbar.toString(), "--board", board, "--calibration", cal.toString(), "--json", "--quiet");
    assertEquals(0, e.exit(), e.err());
    assertEquals("artifact", e.json().get("placement").getAsString());
    assertTrue(e.json().get("accuracy").getAsDouble() > 0.95, e.out());
    assertFalse(e.json().has("stuck_cells_under_artifact"), "the artifact knows this board's stuck cells: " + e.out());
    // The same model compiled without the calibration: deployed as compiled, with a warning that
    // names how many known stuck cells it programs blindly.
    Path blind = tmp.resolve("blind.xbar");
    assertEquals(0, CliRun.of("compile", MODEL, "--target", board, "-o", blind.toString(), "--quiet").exit());
    CliRun b = CliRun.of("eval", "--model", blind.toString(), "--board", board, "--calibration", cal.toString(), "--json");
    assertEquals(0, b.exit(), b.err());
    int under = b.json().get("stuck_cells_under_artifact").getAsInt();
    assertTrue(under > 10, b.out()); // 10 % stuck under ~2,000 devices in one copy
    assertTrue(b.err().contains(under + " stuck cell(s) of this board lie under the artifact's tiles"), b.err());
  }

  @Test void compileRejectsACalibrationOfAnotherGeometry() {
    Path cal = tmp.resolve("cal.json");
    assertEquals(0, CliRun.of("board", "selftest", "--board", "sim:realistic", "--out", cal.toString(), "--quiet").exit());
    CliRun c = CliRun.of("compile", MODEL, "--target", "sim:realistic?rows=32&cols=16&arrays=8", "--calibration", cal.toString(),
        "-o", tmp.resolve("x.xbar").toString(), "--quiet");
    assertEquals(2, c.exit(), c.err());
    assertTrue(c.err().contains("outside"), c.err());
  }
}
