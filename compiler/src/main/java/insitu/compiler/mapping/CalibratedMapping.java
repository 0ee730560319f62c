package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;

/**
 * Where a model goes on a calibrated board. Three steps, each a pass of the compiler:
 *
 * <ol>
 *   <li>The calibration's bad lines are left out ({@link Target#placementSpec()}); its scattered
 *       stuck cells are not avoided (at a few % no defect-free rectangle exists) but priced.
 *   <li>Spare capacity becomes redundancy ({@link #map}): every weight gets as many averaged copies
 *       (columns first, then rows) as still fit, up to the calibration's copies. With two pairs per
 *       weight, one stuck device leaves three free ones that can still realize almost any weight.
 *   <li>{@link StuckAwarePlacement} permutes each array's rows and columns so the stuck devices
 *       that remain under the tiles do the least harm to the weights they hold.
 * </ol>
 */
public final class CalibratedMapping {
  private CalibratedMapping() {}

  /** The placement with {@code rowCopies} × {@code columnCopies} averaged copies of every weight. */
  public record Replicated(Placement placement, int rowCopies, int columnCopies) {}

  /**
   * The most copies (at most {@code maxCopies}) that fit: k copies side by side, else k stacked,
   * else k − 1, down to one.
   */
  public static Replicated map(Graph graph, BoardSpec lines, MappingOptions base, int maxCopies) {
    MappingException last = null;
    for (int k = Math.max(1, maxCopies); k >= 1; k--) {
      for (int[] rep : k == 1 ? new int[][] {{1, 1}} : new int[][] {{1, k}, {k, 1}}) {
        try {
          return new Replicated(CrossbarMapper.map(graph, lines, base.withCopies(rep[0], rep[1])), rep[0], rep[1]);
        } catch (MappingException e) {
          last = e;
        }
      }
    }
    throw last;
  }
}
