package insitu.sdk.job;

import insitu.boards.Board;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.calibrate.Selftest;
import insitu.errors.UsageException;
import insitu.report.ReportMap;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which calibration a job uses: the file given with {@code --calibration}; for a realistic
 * simulated board without one, a self-test run on the spot (its device model is not the paper's,
 * so the paper's gate response and mapping would not fit); otherwise none (the paper defaults,
 * unchanged behaviour for {@code sim} and {@code sim:ideal}).
 */
public final class Calibrations {
  private Calibrations() {}

  /** Boards whose devices the paper defaults do not describe. */
  static boolean needsCalibration(Board board) {
    return board.spec().name().equals("sim:realistic");
  }

  /** Resolves the calibration and records where it came from in {@code report} ("calibration" key). */
  public static Calibration resolve(Path file, Board board, Map<String, Object> report, Consumer<String> note) {
    Calibration c;
    String source;
    if (file != null) {
      c = CalibrationJson.read(file);
      try {
        c.checkFits(board.spec());
      } catch (IllegalArgumentException e) {
        throw new UsageException(file + ": " + e.getMessage());
      }
      source = file.toString();
    } else if (needsCalibration(board)) {
      c = Selftest.run(board, Selftest.Options.defaults());
      source = "self-test (automatic for " + board.spec().name() + ")";
      note.accept(String.format("no --calibration for %s: ran the self-test first (%d pulses, %d stuck cells, %.2f µS/V)",
          board.spec().name(), c.pulses(), c.stuckCells().size(), c.slopeSiemensPerVolt() * 1e6));
    } else {
      return null;
    }
    report.put("calibration", summary(c, source));
    return c;
  }

  public static Map<String, Object> summary(Calibration c, String source) {
    return new ReportMap().put("source", source).put("slope_siemens_per_volt", c.slopeSiemensPerVolt()).put("offset_siemens", c.offsetSiemens())
        .put("gate_volts", java.util.List.of(c.minGateVolts(), c.maxGateVolts())).put("set_volts", c.setVolts())
        .put("reset_volts", c.resetVolts()).put("window_siemens", java.util.List.of(c.windowLowSiemens(), c.windowHighSiemens()))
        .put("read_noise_relative", c.readNoiseRelative()).put("write_spread_siemens", c.writeSpreadSiemens())
        .put("siemens_per_weight", c.siemensPerWeight()).put("center_siemens", c.centerSiemens()).put("max_weight", c.maxWeight())
        .put("tolerance_siemens", c.toleranceSiemens()).put("stuck_cells", c.stuckCells().size()).put("bad_rows", c.badRows().size())
        .put("bad_cols", c.badCols().size()).put("pulses", c.pulses()).map();
  }

  /**
   * Stuck cells of the calibration under a placement's tiles that the placement's target did not
   * list (a placement compiled without this board's calibration programs them blindly).
   */
  static int stuckUnknownTo(insitu.compiler.mapping.Placement placement, insitu.boards.DefectMap known, Calibration c) {
    java.util.Set<Long> used = new java.util.HashSet<>();
    for (var block : placement.blocks())
      for (var t : block.tiles())
        for (int r : t.rows())
          for (int col : t.cols()) used.add(((long) t.array() << 40) | ((long) r << 20) | col);
    int n = 0;
    for (Calibration.StuckCell s : c.stuckCells())
      if (used.contains(((long) s.array() << 40) | ((long) s.row() << 20) | s.col()) && !known.isBadCell(s.array(), s.row(), s.col())) n++;
    return n;
  }
}
