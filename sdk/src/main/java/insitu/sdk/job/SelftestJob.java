package insitu.sdk.job;

import com.google.gson.annotations.JsonAdapter;
import insitu.boards.Board;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.calibrate.Selftest;
import insitu.runtime.session.Boards;
import java.nio.file.Path;
import java.util.Optional;

/** {@code insitu board selftest}: characterize a board, optionally store the calibration. */
public final class SelftestJob {
  private SelftestJob() {}

  /**
   * What the self-test found: the calibration's summary (its keys first, at the top of the
   * report), then the board and the fit.
   *
   * @param out where the calibration was stored, if it was
   */
  public record Report(@JsonAdapter(JsonReport.Inline.class) CalibrationSummary calibration, String command, String board,
                       int cellsTested, double fitRmsSiemens, double readNoiseSiemens,
                       Optional<FirmwareSelfTest.Outcome> firmwareSelfTest, Optional<Path> out, double seconds) {}

  public static Report run(String boardSpec, long seed, Path out) {
    long t0 = System.nanoTime();
    try (Board board = Boards.open(boardSpec, seed)) {
      var firmware = FirmwareSelfTest.run(board); // before the characterization's pulses move any cell
      Calibration c = Selftest.run(board, Selftest.Options.defaults());
      if (out != null) CalibrationJson.write(c, out);
      return new Report(CalibrationSummary.of(c, "self-test"), "board selftest", board.spec().name(), c.cellsTested(), c.fitRmsSiemens(),
          c.readNoiseSiemens(), firmware, Optional.ofNullable(out), (System.nanoTime() - t0) / 1e9);
    }
  }
}
