package insitu.compiler.report;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import insitu.report.ReportMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a compilation produced, as a JSON-ready map: per layer (crossbar weight) its tiles, devices,
 * arrays and conductance scale; per array its utilization; what each grouped or depthwise layer
 * costs ({@link GroupedLayers}); totals. Plain maps and lists so any
 * JSON writer can print it.
 */
public final class CompileSummary {
  private CompileSummary() {}

  public static Map<String, Object> of(Graph graph, Placement placement, BoardSpec target) {
    ReportMap m = new ReportMap().put("model", graph.name()).put("target", target.name()).put("arrays", placement.arrays())
        .put("rows", placement.rows()).put("cols", placement.cols()).put("weights", graph.crossbarWeightCount())
        .put("devices_used", placement.devicesUsed()).put("arrays_used", placement.arraysUsed())
        .putNumbers("utilization", placement.utilization())
        .put("defects", Map.of("bad_rows", target.defects().badRows().size(), "bad_cols", target.defects().badCols().size(),
            "bad_cells", target.defects().badCells().size()));
    List<Map<String, Object>> layers = new ArrayList<>();
    for (BlockPlacement b : placement.blocks()) {
      TreeSet<Integer> arrays = new TreeSet<>();
      List<Map<String, Object>> tiles = new ArrayList<>();
      for (Tile t : b.tiles()) {
        arrays.add(t.array());
        tiles.add(tile(t));
      }
      layers.add(new ReportMap().put("weight", b.weight()).put("outputs", b.outputs()).put("inputs", b.inputs())
          .put("weights", b.outputs() * b.inputs()).put("tiles", b.tiles().size()).put("devices", b.devices())
          .put("siemens_per_weight", b.siemensPerWeight()).put("arrays", new ArrayList<>(arrays)).put("tile_list", tiles).map());
    }
    m.put("layers", layers);
    List<Map<String, Object>> grouped = GroupedLayers.of(placement);
    if (!grouped.isEmpty()) m.put("grouped_layers", grouped);
    return m.map();
  }

  /** Where a tile sits: its array, its first row and column and how many, the slice of the weight it holds. */
  private static Map<String, Object> tile(Tile t) {
    return new ReportMap().put("array", t.array()).put("rows", t.rows().length).put("cols", t.cols().length).put("first_row", t.rows()[0])
        .put("first_col", t.cols()[0]).put("in_start", t.inStart()).put("in_count", t.inCount()).put("out_start", t.outStart())
        .put("out_count", t.outCount()).put("row_rep", t.rowRep()).put("col_rep", t.colRep()).map();
  }
}
