package insitu.compiler.report;

import insitu.compiler.ir.GroupedWeights;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What grouping costs, per grouped or depthwise layer: its groups run as separate crossbar blocks
 * (one per group, {@link GroupedWeights}), so every device placed holds a weight, but each group's
 * product drives only its own few rows and columns of an array, and a block-diagonal weight on one
 * block would have needed G times the devices with all but 1/G of them holding zeros.
 */
public final class GroupedLayers {
  private GroupedLayers() {}

  /**
   * What one grouped layer costs.
   *
   * @param blocks its crossbar blocks, one per group
   * @param blockDiagonalDevices the devices one block-diagonal block would need
   * @param arrayFractionPerProduct the fraction of an array's cells one group's product drives
   * @param summary all of it in one line
   */
  public record Layer(String layer, int groups, int blocks, int blockOutputs, int blockInputs, int devices, long blockDiagonalDevices,
                      double blockDiagonalUtilization, double arrayFractionPerProduct, String summary) {}

  /** One entry per grouped layer of the placement, in order of first appearance. */
  public static List<Layer> of(Placement placement) {
    Map<String, List<BlockPlacement>> layers = new LinkedHashMap<>();
    Map<String, Integer> groups = new LinkedHashMap<>();
    for (BlockPlacement b : placement.blocks())
      GroupedWeights.parse(b.weight()).ifPresent(g -> {
        layers.computeIfAbsent(g.layer(), k -> new ArrayList<>()).add(b);
        groups.put(g.layer(), g.groups());
      });
    List<Layer> out = new ArrayList<>();
    double arrayCells = (double) placement.rows() * placement.cols();
    for (var e : layers.entrySet()) {
      List<BlockPlacement> blocks = e.getValue();
      BlockPlacement first = blocks.get(0);
      int g = groups.get(e.getKey()), devices = blocks.stream().mapToInt(BlockPlacement::devices).sum();
      int perRead = first.tiles().stream().mapToInt(Tile::devices).max().orElse(0);
      String summary = String.format("%s: %d groups of %dx%d weights -> %d blocks, %,d devices; one block-diagonal block would need %,d"
              + " devices (%.1f%% holding weights); each group's product drives %d of an array's %,d cells (%.2f%%)", e.getKey(), g,
          first.outputs(), first.inputs(), blocks.size(), devices, (long) devices * g, 100.0 / g, perRead, (long) arrayCells,
          100 * perRead / arrayCells);
      out.add(new Layer(e.getKey(), g, blocks.size(), first.outputs(), first.inputs(), devices, (long) devices * g, 1.0 / g,
          perRead / arrayCells, summary));
    }
    return out;
  }
}
