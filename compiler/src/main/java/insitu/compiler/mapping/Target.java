package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import java.util.Optional;

/**
 * What a model is compiled for: a board's spec, and optionally what its calibration says about
 * placing weights there. Compiling never opens the board: a simulated target's spec comes from its
 * spec string, a real board's from the file {@code insitu board info --out} wrote.
 */
public record Target(BoardSpec spec, Optional<TargetCalibration> calibration) {

  public static Target of(BoardSpec spec) {
    return new Target(spec, Optional.empty());
  }

  /** This board with its calibration; {@link IllegalArgumentException} if it was taken on another geometry. */
  public Target calibrated(TargetCalibration c) {
    c.checkFits(spec);
    return new Target(spec, Optional.of(c));
  }

  /** Where tiles may go: the spec's defects plus the calibration's bad lines. */
  public BoardSpec placementSpec() {
    return calibration.map(c -> c.withBadLines(spec)).orElse(spec);
  }

  /**
   * The target an artifact records: a calibrated placement lists every defect it was made around
   * (stuck cells too), so a deployment can tell them from stuck cells it never knew about.
   */
  public BoardSpec artifactSpec() {
    return calibration.map(c -> spec.withDefects(c.defectsOver(spec.defects()))).orElse(spec);
  }
}
