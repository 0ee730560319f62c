package insitu.compiler.report;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", graph.name());
    m.put("target", target.name());
    m.put("arrays", placement.arrays());
    m.put("rows", placement.rows());
    m.put("cols", placement.cols());
    m.put("weights", graph.crossbarWeightCount());
    m.put("devices_used", placement.devicesUsed());
    m.put("arrays_used", placement.arraysUsed());
    double[] util = placement.utilization();
    List<Double> u = new ArrayList<>();
    for (double x : util) u.add(x);
    m.put("utilization", u);
    m.put("defects", Map.of("bad_rows", target.defects().badRows().size(), "bad_cols", target.defects().badCols().size(),
        "bad_cells", target.defects().badCells().size()));
    List<Map<String, Object>> layers = new ArrayList<>();
    for (BlockPlacement b : placement.blocks()) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("weight", b.weight());
      l.put("outputs", b.outputs());
      l.put("inputs", b.inputs());
      l.put("weights", b.outputs() * b.inputs());
      l.put("tiles", b.tiles().size());
      l.put("devices", b.devices());
      l.put("siemens_per_weight", b.siemensPerWeight());
      TreeSet<Integer> arrays = new TreeSet<>();
      List<Map<String, Object>> tiles = new ArrayList<>();
      for (Tile t : b.tiles()) {
        arrays.add(t.array());
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("array", t.array());
        tm.put("rows", t.rows().length);
        tm.put("cols", t.cols().length);
        tm.put("first_row", t.rows()[0]);
        tm.put("first_col", t.cols()[0]);
        tm.put("in_start", t.inStart());
        tm.put("in_count", t.inCount());
        tm.put("out_start", t.outStart());
        tm.put("out_count", t.outCount());
        tm.put("row_rep", t.rowRep());
        tm.put("col_rep", t.colRep());
        tiles.add(tm);
      }
      l.put("arrays", new ArrayList<>(arrays));
      l.put("tile_list", tiles);
      layers.add(l);
    }
    m.put("layers", layers);
    List<Map<String, Object>> grouped = GroupedLayers.of(placement);
    if (!grouped.isEmpty()) m.put("grouped_layers", grouped);
    return m;
  }
}
