package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.compiler.artifact.BoardSpecFile;
import insitu.runtime.session.Boards;
import java.nio.file.Path;
import java.util.Optional;

/** {@code insitu board info}: what a board is (its spec), optionally stored as a compile target. */
public final class BoardInfoJob {
  private BoardInfoJob() {}

  /**
   * A board's spec as a report.
   *
   * @param specFile where the spec was stored (a compile target), if it was
   */
  public record Report(String name, int arrays, int rows, int cols, double minSiemens, double maxSiemens, double readVolts,
                       double maxSetVolts, double maxResetVolts, double maxGateVolts, int adcBits, int badRows, int badCols,
                       Optional<FirmwareSelfTest.Outcome> firmwareSelfTest, Optional<Path> specFile) {}

  /** @param out where to store the board's spec, or null */
  public static Report run(String boardSpec, long seed, Path out) {
    try (Board b = Boards.open(boardSpec, seed)) {
      BoardSpec s = b.spec();
      var firmware = FirmwareSelfTest.run(b);
      if (out != null) BoardSpecFile.write(s, out);
      return new Report(s.name(), s.arrays(), s.rows(), s.cols(), s.minSiemens(), s.maxSiemens(), s.readVolts(), s.maxSetVolts(),
          s.maxResetVolts(), s.maxGateVolts(), s.adcBits(), s.defects().badRows().size(), s.defects().badCols().size(), firmware,
          Optional.ofNullable(out));
    }
  }
}
