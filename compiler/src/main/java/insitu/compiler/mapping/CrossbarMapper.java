package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps every crossbar weight of a graph onto the arrays of a target. Works in each array's logical
 * grid (its good rows × good columns), splits a block taller than the grid by inputs (partial sums
 * add digitally) and wider than it by outputs, and packs tiles first-fit, largest first, each at
 * the first column and then row of the first array where it fits, skipping any rectangle that
 * holds a known-bad cell. Reads only the weights' sizes and largest magnitudes, never copies them.
 *
 * <p>A model that does not fit is packed on as if the target had more (defect-free) arrays, and
 * refused with the number of arrays it needs ({@link TargetTooSmallException}).
 */
public final class CrossbarMapper {
  private final BoardSpec target;
  private final MappingOptions options;
  private final ArrayGrids grids;
  private final Map<LineSlice, int[]> slices = new HashMap<>();
  private int firstOpen;
  private int arraysUsed;

  public CrossbarMapper(BoardSpec target, MappingOptions options) {
    this.target = target;
    this.options = options;
    this.grids = new ArrayGrids(target);
  }

  /** Convenience: map a graph in one call. */
  public static Placement map(Graph graph, BoardSpec target, MappingOptions options) {
    return new CrossbarMapper(target, options).place(graph);
  }

  private record Pending(String weight, int inStart, int inCount, int outStart, int outCount, int rowRep, int colRep) {
    int height() { return 2 * inCount * rowRep; }
    int width() { return outCount * colRep; }
  }

  /** Lines {@code [start, start + length)} of one grid's line list (compared by identity): tiles share equal ones. */
  private record LineSlice(int[] lines, int start, int length) {}

  public Placement place(Graph graph) {
    List<String> weights = new ArrayList<>(graph.crossbarWeights());
    Map<String, List<Tile>> tiles = new LinkedHashMap<>();
    Map<String, int[]> dims = new HashMap<>();
    for (String w : weights) {
      dims.put(w, graph.weightMatrixDims(w));
      tiles.put(w, new ArrayList<>());
    }
    // Hand-placed tiles first, so automatic ones flow around them.
    for (String w : weights) {
      List<TileRequest> req = options.explicitTiles().get(w);
      if (req == null) continue;
      checkCoverage(w, dims.get(w), req);
      for (TileRequest r : req) tiles.get(w).add(placeAt(w, r));
    }
    List<Pending> pending = new ArrayList<>();
    int maxRows = grids.maxRows(), maxCols = grids.maxCols();
    for (String w : weights) {
      if (options.explicitTiles().containsKey(w)) continue;
      int outputs = dims.get(w)[0], inputs = dims.get(w)[1];
      int[] rep = options.replicationOf(w);
      int maxIn = maxRows / (2 * rep[0]);
      int maxOut = maxCols / rep[1];
      if (maxIn < 1 || maxOut < 1)
        throw new MappingException("weight '" + w + "' with replication " + rep[0] + "x" + rep[1] + " cannot fit any array of "
            + target.rows() + "x" + target.cols());
      int inChunks = ceilDiv(inputs, maxIn), outChunks = ceilDiv(outputs, maxOut);
      int inSize = ceilDiv(inputs, inChunks), outSize = ceilDiv(outputs, outChunks);
      for (int oc = 0; oc < outChunks; oc++) {
        int o0 = oc * outSize, on = Math.min(outSize, outputs - o0);
        for (int ic = 0; ic < inChunks; ic++) {
          int i0 = ic * inSize, in = Math.min(inSize, inputs - i0);
          pending.add(new Pending(w, i0, in, o0, on, rep[0], rep[1]));
        }
      }
    }
    pending.sort(Comparator.comparingInt((Pending p) -> p.height() * p.width()).reversed());
    for (Pending p : pending) tiles.get(p.weight).add(autoPlace(p));
    if (arraysUsed > target.arrays()) throw new TargetTooSmallException(graph.crossbarWeightCount(), arraysNeeded(graph), target);
    List<BlockPlacement> blocks = new ArrayList<>();
    for (String w : weights) {
      List<Tile> ts = tiles.get(w);
      ts.sort(Comparator.comparingInt(Tile::outStart).thenComparingInt(Tile::inStart));
      double maxAbs = graph.initializers().get(w).maxAbs();
      blocks.add(new BlockPlacement(w, dims.get(w)[0], dims.get(w)[1], options.siemensPerWeightFor(maxAbs), ts));
    }
    return new Placement(target.arrays(), target.rows(), target.cols(), blocks);
  }

  /**
   * The arrays to ask for: what this packing used, checked on a target of that many. Bad lines
   * can make it differ: a target whose arrays all have a bad row cuts tiles shorter than one with
   * a whole array, and a bigger board of the same spec has the bad lines listed past this one's
   * arrays; so it is packed again on as many arrays as the last packing used until that settles.
   */
  private int arraysNeeded(Graph graph) {
    int n = arraysUsed;
    for (int round = 0; round < 8; round++) {
      CrossbarMapper m = new CrossbarMapper(target.withArrays(n), options);
      try {
        m.place(graph);
      } catch (TargetTooSmallException e) {
        n = e.arraysNeeded();
        continue;
      }
      if (m.arraysUsed == n) return n;
      n = m.arraysUsed;
    }
    return n;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private void checkCoverage(String w, int[] dims, List<TileRequest> req) {
    int outputs = dims[0], inputs = dims[1];
    java.util.BitSet covered = new java.util.BitSet();
    long count = 0;
    for (TileRequest r : req) {
      if (r.inStart() < 0 || r.inCount() < 0 || r.inStart() + r.inCount() > inputs || r.outStart() < 0 || r.outCount() < 0
          || r.outStart() + r.outCount() > outputs)
        throw new MappingException("tile of '" + w + "' covers inputs/outputs outside its " + outputs + "x" + inputs + " matrix");
      for (int j = r.outStart(); j < r.outStart() + r.outCount(); j++) {
        int from = j * inputs + r.inStart(), to = from + r.inCount();
        int first = covered.nextSetBit(from);
        if (first >= 0 && first < to) throw new MappingException("hand placement of '" + w + "' must cover every weight exactly once");
        covered.set(from, to);
      }
      count += (long) r.inCount() * r.outCount();
    }
    if (count != (long) outputs * inputs) throw new MappingException("hand placement of '" + w + "' must cover every weight exactly once");
  }

  private Tile placeAt(String w, TileRequest r) {
    int a = r.array();
    if (a < 0 || a >= target.arrays()) throw new MappingException("tile of '" + w + "' names array " + a + " of " + target.arrays());
    ArrayGrids.Grid g = grids.grid(a);
    int h = 2 * r.inCount() * r.rowRep(), wd = r.outCount() * r.colRep();
    if (r.row0() < 0 || r.col0() < 0 || r.row0() + h > g.rowCount() || r.col0() + wd > g.colCount())
      throw new MappingException("tile of '" + w + "' at (" + r.row0() + "," + r.col0() + ") size " + h + "x" + wd
          + " leaves the " + g.rowCount() + "x" + g.colCount() + " logical array " + a);
    if (g.free() < h * wd || g.lastBlockedRow(r.row0(), r.col0(), h, wd) >= 0)
      throw new MappingException("tile of '" + w + "' at (" + r.row0() + "," + r.col0() + ") overlaps another tile or a bad cell");
    return claim(a, g, r.row0(), r.col0(), r.inStart(), r.inCount(), r.outStart(), r.outCount(), r.rowRep(), r.colRep());
  }

  /** The first array, column and row where the tile fits; past the target's arrays when it is full (counted, then refused). */
  private Tile autoPlace(Pending p) {
    int h = p.height(), w = p.width();
    while (grids.grid(firstOpen).free() == 0) firstOpen++;
    for (int a = firstOpen; ; a++) {
      ArrayGrids.Grid g = grids.grid(a);
      int nr = g.rowCount(), nc = g.colCount();
      if (h > nr || w > nc || g.free() < h * w) continue;
      for (int c0 = 0; c0 + w <= nc; c0++) {
        for (int r0 = 0; r0 + h <= nr; ) {
          int blocked = g.lastBlockedRow(r0, c0, h, w);
          if (blocked < 0) return claim(a, g, r0, c0, p.inStart, p.inCount, p.outStart, p.outCount, p.rowRep, p.colRep);
          // Every rectangle starting at or above the blocked row overlaps it.
          r0 = blocked + 1;
        }
      }
    }
  }

  private Tile claim(int a, ArrayGrids.Grid g, int r0, int c0, int inStart, int inCount, int outStart, int outCount, int rowRep, int colRep) {
    int h = 2 * inCount * rowRep, w = outCount * colRep;
    g.take(r0, c0, h, w);
    arraysUsed = Math.max(arraysUsed, a + 1);
    return new Tile(a, lines(g.rows, r0, h), lines(g.cols, c0, w), inStart, inCount, outStart, outCount, rowRep, colRep);
  }

  private int[] lines(int[] all, int start, int length) {
    return slices.computeIfAbsent(new LineSlice(all, start, length), k -> java.util.Arrays.copyOfRange(all, start, start + length));
  }
}
