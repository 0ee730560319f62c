package insitu.sdk.job;

import insitu.boards.Board;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.calibrate.Selftest;
import insitu.runtime.session.Boards;
import java.nio.file.Path;
import java.util.Map;

/** {@code insitu board selftest}: characterize a board, optionally store the calibration. */
public final class SelftestJob {
  private SelftestJob() {}

  public static Map<String, Object> run(String boardSpec, long seed, Path out) {
    long t0 = System.nanoTime();
    try (Board board = Boards.open(boardSpec, seed)) {
      var firmware = FirmwareSelfTest.run(board); // before the characterization's pulses move any cell
      Calibration c = Selftest.run(board, Selftest.Options.defaults());
      if (out != null) CalibrationJson.write(c, out);
      Map<String, Object> report = Calibrations.summary(c, "self-test");
      report.put("command", "board selftest");
      report.put("board", board.spec().name());
      report.put("cells_tested", c.cellsTested());
      report.put("fit_rms_siemens", c.fitRmsSiemens());
      report.put("read_noise_siemens", c.readNoiseSiemens());
      firmware.ifPresent(f -> report.put("firmware_self_test", f));
      if (out != null) report.put("out", out.toString());
      report.put("seconds", (System.nanoTime() - t0) / 1e9);
      return report;
    }
  }
}
