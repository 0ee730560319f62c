package insitu.sdk.job;

import insitu.boards.Board;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.calibrate.Selftest;
import insitu.errors.UsageException;
import java.nio.file.Path;
import java.util.Optional;
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

  /** A calibration and where it came from (a file, or a self-test run for the board). */
  public record Resolved(Calibration calibration, String source) {
    /** What a report says of it. */
    public CalibrationSummary summary() {
      return CalibrationSummary.of(calibration, source);
    }
  }

  /** The calibration to use; empty for the paper defaults. */
  public static Optional<Resolved> resolve(Path file, Board board, Consumer<String> note) {
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
      return Optional.empty();
    }
    return Optional.of(new Resolved(c, source));
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
