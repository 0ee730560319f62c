package insitu.runtime.calibrate;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingException;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.program.WriteVerifyProgrammer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Defect-aware mapping and programming from a {@link Calibration}.
 *
 * <p>Mapping: the calibration's bad lines always go into the target's defect map. Its stuck
 * cells go in too when the mapper can still place every tile on defect-free rectangles (sparse
 * defects); when it cannot (scattered stuck cells at a few % leave no clean rectangle), the
 * columns, then the rows, with the most stuck cells are excluded — as many as still let the model
 * fit — so the tiles land on the cleanest lines.
 *
 * <p>Programming: a pair with one stuck device still has one free device, and a weight is a
 * difference: if G⁺ is stuck at s, programming G⁻ = s − w·ratio realizes w exactly whenever that
 * lies in the window (and the nearest weight otherwise). The stuck device ignores its own target,
 * so this is done by handing the write-verify programmer a pre-distorted weight for that pair.
 */
public final class CalibratedDeployment {
  private CalibratedDeployment() {}

  /** A mapped deployment and what the mapping did about defects. */
  public record Mapped(Deployment deployment, BoardSpec target, String defects) {}

  public static Mapped map(Board board, Graph graph, Calibration c) {
    c.checkFits(board.spec());
    MappingOptions options = c.mappingOptions();
    BoardSpec withCells = c.mergeInto(board.spec(), true);
    try {
      Placement p = CrossbarMapper.map(graph, withCells, options);
      return new Mapped(new Deployment(board, graph, p), withCells,
          "mapped around " + c.stuckCells().size() + " stuck cells, " + c.badRows().size() + " bad rows, " + c.badCols().size() + " bad columns");
    } catch (MappingException e) {
      // Scattered stuck cells: keep the cleanest lines instead.
    }
    BoardSpec lines = c.mergeInto(board.spec(), false);
    int[][] colCounts = new int[lines.arrays()][lines.cols()], rowCounts = new int[lines.arrays()][lines.rows()];
    for (Calibration.StuckCell s : c.stuckCells()) {
      colCounts[s.array()][s.col()]++;
      rowCounts[s.array()][s.row()]++;
    }
    List<long[]> cols = worstFirst(colCounts, lines.defects(), true), rows = worstFirst(rowCounts, lines.defects(), false);
    int dropCols = mostThatFit(graph, lines, options, cols, List.of(), true);
    BoardSpec spec = exclude(lines, cols.subList(0, dropCols), List.of());
    int dropRows = mostThatFit(graph, spec, options, List.of(), rows, false);
    spec = exclude(spec, List.of(), rows.subList(0, dropRows));
    Placement p = CrossbarMapper.map(graph, spec, options);
    int inside = 0;
    Map<Long, Double> stuck = c.stuckSiemensByCell();
    for (var b : p.blocks())
      for (Tile t : b.tiles())
        for (int r : t.rows()) for (int col : t.cols()) if (stuck.containsKey(DefectMap.cellKey(t.array(), r, col))) inside++;
    return new Mapped(new Deployment(board, graph, p), spec, "excluded the " + dropCols + " columns and " + dropRows
        + " rows with the most stuck cells; " + inside + " stuck cells remain inside tiles, compensated by their pair partners");
  }

  /** Programs the graph's weights with write-verify, compensating pairs with one stuck device. */
  public static ProgramReport programWriteVerify(Deployment d, Calibration c) {
    return programWriteVerify(d, c, DriftCompensator.intended(d));
  }

  /** Programs the given weights (per block, outputs × inputs) with write-verify, compensating stuck pairs. */
  public static ProgramReport programWriteVerify(Deployment d, Calibration c, Map<String, double[]> weights) {
    Map<CrossbarBlock, double[]> targets = new LinkedHashMap<>();
    for (CrossbarBlock b : d.blocks().values()) targets.put(b, compensateStuckPairs(b, weights.get(b.name()), c));
    return new WriteVerifyProgrammer(c.gateResponse(), c.writeVerifyOptions()).program(targets);
  }

  /**
   * The weights to hand the programmer so that pairs with one stuck device still decode to the
   * intended weight (as near as the window allows). Blocks with replicated pairs are left as they
   * are: one pre-distorted weight would apply to every copy.
   */
  public static double[] compensateStuckPairs(CrossbarBlock b, double[] weights, Calibration c) {
    double[] out = weights.clone();
    for (Tile t : b.placement().tiles()) if (t.rowRep() * t.colRep() != 1) return out;
    Map<Long, Double> stuck = c.stuckSiemensByCell();
    if (stuck.isEmpty()) return out;
    double center = c.centerSiemens(), spw = b.siemensPerWeight(), half = spw / 2;
    double lo = c.windowLowSiemens(), hi = c.windowHighSiemens();
    b.forEachDevice((tile, local, array, row, col, w, sign) -> {
      Double s = stuck.get(DefectMap.cellKey(array, row, col));
      if (s == null) return;
      // Partner must sit at s − sign·w·ratio; the programmer targets it at centre − sign·w'·ratio/2.
      double partner = Math.max(lo, Math.min(hi, s - sign * weights[w] * spw));
      out[w] = sign * (center - partner) / half;
    });
    return out;
  }

  private static List<long[]> worstFirst(int[][] counts, DefectMap known, boolean cols) {
    List<long[]> l = new ArrayList<>();
    for (int a = 0; a < counts.length; a++)
      for (int i = 0; i < counts[a].length; i++) {
        if (counts[a][i] == 0 || (cols ? known.isBadCol(a, i) : known.isBadRow(a, i))) continue;
        l.add(new long[] {a, i, counts[a][i]});
      }
    l.sort(Comparator.comparingLong((long[] x) -> -x[2]).thenComparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
    return l;
  }

  /** Binary search for the largest k such that excluding the k worst lines still maps. */
  private static int mostThatFit(Graph g, BoardSpec spec, MappingOptions o, List<long[]> cols, List<long[]> rows, boolean byCols) {
    List<long[]> lines = byCols ? cols : rows;
    int lo = 0, hi = lines.size();
    while (lo < hi) {
      int mid = (lo + hi + 1) / 2;
      BoardSpec s = byCols ? exclude(spec, lines.subList(0, mid), List.of()) : exclude(spec, List.of(), lines.subList(0, mid));
      if (fits(g, s, o)) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  private static boolean fits(Graph g, BoardSpec s, MappingOptions o) {
    try {
      CrossbarMapper.map(g, s, o);
      return true;
    } catch (MappingException e) {
      return false;
    }
  }

  private static BoardSpec exclude(BoardSpec spec, List<long[]> cols, List<long[]> rows) {
    DefectMap d = spec.defects();
    Set<Long> r = new TreeSet<>(d.badRows()), c = new TreeSet<>(d.badCols());
    for (long[] x : cols) c.add(DefectMap.lineKey((int) x[0], (int) x[1]));
    for (long[] x : rows) r.add(DefectMap.lineKey((int) x[0], (int) x[1]));
    return spec.withDefects(new DefectMap(r, c, d.badCells()));
  }
}
