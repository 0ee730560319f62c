package insitu.compiler.report;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a compilation produced: per layer (crossbar weight) its tiles, devices, arrays and
 * conductance scale; per array its utilization; the defects it was placed around; what each grouped
 * or depthwise layer costs ({@link GroupedLayers}); totals. The first keys of a compile report.
 *
 * @param utilization per array, the fraction of its devices in use
 * @param groupedLayers present when the model has grouped or depthwise layers
 */
public record CompileSummary(String model, String target, int arrays, int rows, int cols, int weights, int devicesUsed, int arraysUsed,
                             double[] utilization, Defects defects, List<Layer> layers, Optional<List<GroupedLayers.Layer>> groupedLayers) {

  /** The defects a placement knew of: the target's bad lines and cells, or what a calibrated mapping did about stuck cells. */
  public sealed interface Defects permits TargetDefects, MappingDefects {}

  /** The bad rows, columns and cells the target board's spec lists. */
  public record TargetDefects(int badRows, int badCols, int badCells) implements Defects {}

  /** What the calibrated mapping did: copies, and the stuck devices under the tiles after and before stuck-aware placement. */
  public record MappingDefects(int copies, int rowCopies, int columnCopies, int stuckUnderTiles, int harmfulStuck, int plainStuckUnderTiles,
                               int plainHarmfulStuck, String summary) implements Defects {
    public static MappingDefects of(Mapping m) {
      return new MappingDefects(m.rowCopies() * m.columnCopies(), m.rowCopies(), m.columnCopies(), m.stuckAfter().stuckCovered(),
          m.stuckAfter().harmfulStuck(), m.stuckBefore().stuckCovered(), m.stuckBefore().harmfulStuck(), m.describe());
    }
  }

  /**
   * One crossbar weight's placement.
   *
   * @param weights outputs × inputs
   * @param arrays the arrays its tiles lie on, ascending
   */
  public record Layer(String weight, int outputs, int inputs, int weights, int tiles, int devices, double siemensPerWeight,
                      List<Integer> arrays, List<TileSpan> tileList) {}

  /** Where a tile sits: its array, its first row and column and how many, the slice of the weight it holds. */
  public record TileSpan(int array, int rows, int cols, int firstRow, int firstCol, int inStart, int inCount, int outStart, int outCount,
                         int rowRep, int colRep) {
    static TileSpan of(Tile t) {
      return new TileSpan(t.array(), t.rows().length, t.cols().length, t.rows()[0], t.cols()[0], t.inStart(), t.inCount(), t.outStart(),
          t.outCount(), t.rowRep(), t.colRep());
    }
  }

  public static CompileSummary of(Graph graph, Placement placement, BoardSpec target) {
    List<Layer> layers = new ArrayList<>();
    for (BlockPlacement b : placement.blocks()) {
      TreeSet<Integer> arrays = new TreeSet<>();
      List<TileSpan> tiles = new ArrayList<>();
      for (Tile t : b.tiles()) {
        arrays.add(t.array());
        tiles.add(TileSpan.of(t));
      }
      layers.add(new Layer(b.weight(), b.outputs(), b.inputs(), b.outputs() * b.inputs(), b.tiles().size(), b.devices(),
          b.siemensPerWeight(), List.copyOf(arrays), tiles));
    }
    List<GroupedLayers.Layer> grouped = GroupedLayers.of(placement);
    var defects = new TargetDefects(target.defects().badRows().size(), target.defects().badCols().size(), target.defects().badCells().size());
    return new CompileSummary(graph.name(), target.name(), placement.arrays(), placement.rows(), placement.cols(), graph.crossbarWeightCount(),
        placement.devicesUsed(), placement.arraysUsed(), placement.utilization(), defects, layers,
        grouped.isEmpty() ? Optional.empty() : Optional.of(grouped));
  }

  /** The same summary with what a calibrated mapping did in place of the target's defects. */
  public CompileSummary withDefects(Defects d) {
    return new CompileSummary(model, target, arrays, rows, cols, weights, devicesUsed, arraysUsed, utilization, d, layers, groupedLayers);
  }

  /** The mean utilization of the arrays in use (0 when none is). */
  public double meanUtilizationOfUsedArrays() {
    return java.util.Arrays.stream(utilization).filter(u -> u > 0).average().orElse(0);
  }
}
