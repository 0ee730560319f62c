package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.compiler.Compiler;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.Target;
import insitu.numeric.parallel.Workers;
import insitu.runtime.Deployment;
import insitu.runtime.calibrate.Calibration;

/** Where a model's weights go on a board: the compiler maps onto the board's spec and calibration, the runtime deploys that. */
public final class Placements {
  private Placements() {}

  /** The compile target of a board: its spec, with its calibration when there is one. */
  public static Target target(BoardSpec spec, Calibration cal) {
    return cal == null ? Target.of(spec) : Target.of(spec).calibrated(cal.targetCalibration());
  }

  /** The compiler's mapping of a lowered graph onto an open board. */
  public static Mapping map(Board board, Graph graph, Calibration cal) {
    return Compiler.standard().map(graph, target(board.spec(), cal));
  }

  /** The graph deployed where the compiler placed it (nothing is programmed yet). */
  public static Deployment deploy(Board board, Workers workers, Graph graph, Mapping mapping) {
    return new Deployment(board, workers, graph, mapping.placement());
  }
}
