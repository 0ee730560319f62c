package insitu.runtime.calibrate;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingException;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.StuckAwarePlacement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model goes on a calibrated board (no board needed: {@code insitu compile} uses it too).
 *
 * <ol>
 *   <li>The calibration's bad lines are left out; its scattered stuck cells are not avoided
 *       (at a few % no defect-free rectangle exists) but priced.
 *   <li>Spare capacity becomes redundancy: every weight gets as many averaged copies (columns
 *       first, then rows) as still fit, up to {@code maxCopies}. With two pairs per weight, one
 *       stuck device leaves three free ones that can still realize almost any weight.
 *   <li>{@link StuckAwarePlacement} permutes each array's rows and columns so the stuck devices
 *       that remain under the tiles do the least harm to the weights they hold.
 * </ol>
 */
public final class CalibratedMapping {
  /** Copies per weight by default: measured best on the paper CNN with 10 % stuck cells (docs/decisions.md). */
  public static final int DEFAULT_COPIES = 2;

  private CalibratedMapping() {}

  /**
   * A calibrated mapping: the placement and the copies of every weight it uses.
   *
   * @param placement where each tile sits
   * @param target the board the placement is for
   * @param rowRep row copies of every weight; with {@code colRep}, the averaged copies actually used
   * @param colRep column copies of every weight
   * @param before the stuck devices' effect on the plain mapping
   * @param after their effect after stuck-aware placement
   */
  public record Result(Placement placement, BoardSpec target, int rowRep, int colRep, StuckAwarePlacement.Score before,
                       StuckAwarePlacement.Score after) {
    /** One line for reports: copies, and the stuck devices under the tiles before and after placement. */
    public String describe() {
      int k = rowRep * colRep;
      return String.format("%d cop%s per weight (%dx%d); stuck-aware rows and columns: %d stuck devices under the tiles, %d of them"
              + " harmful (plain mapping: %d, %d harmful)", k, k == 1 ? "y" : "ies", rowRep, colRep, after.stuckCovered(),
          after.harmfulStuck(), before.stuckCovered(), before.harmfulStuck());
    }
  }

  public static Result place(Graph graph, BoardSpec board, Calibration c) {
    return place(graph, board, c, DEFAULT_COPIES);
  }

  /** @param maxCopies most averaged copies per weight to try (1: no replication) */
  public static Result place(Graph graph, BoardSpec board, Calibration c, int maxCopies) {
    BoardSpec lines = c.mergeInto(board, false);
    Map<String, double[]> weights = new LinkedHashMap<>();
    for (String w : graph.crossbarWeights()) weights.put(w, graph.weightMatrix(w).values());
    MappingOptions base = c.mappingOptions();
    MappingException last = null;
    for (int k = Math.max(1, maxCopies); k >= 1; k--) {
      for (int[] rep : k == 1 ? new int[][] {{1, 1}} : new int[][] {{1, k}, {k, 1}}) {
        Placement p;
        try {
          p = CrossbarMapper.map(graph, lines, base.withCopies(rep[0], rep[1]));
        } catch (MappingException e) {
          last = e;
          continue;
        }
        var r = StuckAwarePlacement.place(p, weights, c.stuckDevices(), lines);
        return new Result(r.placement(), lines, rep[0], rep[1], r.before(), r.after());
      }
    }
    throw last;
  }
}
