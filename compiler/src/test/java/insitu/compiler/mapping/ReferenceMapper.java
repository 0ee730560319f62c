package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.WeightMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The first-fit packer as it was before it learnt to skip full arrays, count the arrays a model
 * needs and leave weights uncopied: a cell-by-cell reference the fast one must place exactly like.
 */
final class ReferenceMapper {
  private final BoardSpec target;
  private final MappingOptions options;
  private final int[][] goodRows, goodCols;
  private final boolean[][][] occupied; // [array][logical row][logical col]

  ReferenceMapper(BoardSpec target, MappingOptions options) {
    this.target = target;
    this.options = options;
    DefectMap d = target.defects();
    goodRows = new int[target.arrays()][];
    goodCols = new int[target.arrays()][];
    occupied = new boolean[target.arrays()][][];
    for (int a = 0; a < target.arrays(); a++) {
      goodRows[a] = d.goodRows(a, target.rows());
      goodCols[a] = d.goodCols(a, target.cols());
      occupied[a] = new boolean[goodRows[a].length][goodCols[a].length];
    }
  }

  static Placement map(Graph graph, BoardSpec target, MappingOptions options) {
    return new ReferenceMapper(target, options).place(graph);
  }

  private record Pending(String weight, int inStart, int inCount, int outStart, int outCount, int rowRep, int colRep) {
    int height() { return 2 * inCount * rowRep; }
    int width() { return outCount * colRep; }
  }

  Placement place(Graph graph) {
    List<String> weights = new ArrayList<>(graph.crossbarWeights());
    java.util.Map<String, List<Tile>> tiles = new java.util.LinkedHashMap<>();
    java.util.Map<String, WeightMatrix> mats = new java.util.HashMap<>();
    for (String w : weights) {
      mats.put(w, graph.weightMatrix(w));
      tiles.put(w, new ArrayList<>());
    }
    // Hand-placed tiles first, so automatic ones flow around them.
    for (String w : weights) {
      List<TileRequest> req = options.explicitTiles().get(w);
      if (req == null) continue;
      WeightMatrix m = mats.get(w);
      checkCoverage(w, m, req);
      for (TileRequest r : req) tiles.get(w).add(placeAt(w, r));
    }
    List<Pending> pending = new ArrayList<>();
    for (String w : weights) {
      if (options.explicitTiles().containsKey(w)) continue;
      WeightMatrix m = mats.get(w);
      int[] rep = options.replicationOf(w);
      int maxRows = java.util.Arrays.stream(goodRows).mapToInt(x -> x.length).max().orElse(0);
      int maxCols = java.util.Arrays.stream(goodCols).mapToInt(x -> x.length).max().orElse(0);
      int maxIn = maxRows / (2 * rep[0]);
      int maxOut = maxCols / rep[1];
      if (maxIn < 1 || maxOut < 1)
        throw new MappingException("weight '" + w + "' with replication " + rep[0] + "x" + rep[1] + " cannot fit any array of "
            + target.rows() + "x" + target.cols());
      int inChunks = ceilDiv(m.inputs(), maxIn), outChunks = ceilDiv(m.outputs(), maxOut);
      int inSize = ceilDiv(m.inputs(), inChunks), outSize = ceilDiv(m.outputs(), outChunks);
      for (int oc = 0; oc < outChunks; oc++) {
        int o0 = oc * outSize, on = Math.min(outSize, m.outputs() - o0);
        for (int ic = 0; ic < inChunks; ic++) {
          int i0 = ic * inSize, in = Math.min(inSize, m.inputs() - i0);
          pending.add(new Pending(w, i0, in, o0, on, rep[0], rep[1]));
        }
      }
    }
    pending.sort(Comparator.comparingInt((Pending p) -> p.height() * p.width()).reversed());
    for (Pending p : pending) tiles.get(p.weight).add(autoPlace(p));
    List<BlockPlacement> blocks = new ArrayList<>();
    for (String w : weights) {
      WeightMatrix m = mats.get(w);
      List<Tile> ts = tiles.get(w);
      ts.sort(Comparator.comparingInt(Tile::outStart).thenComparingInt(Tile::inStart));
      double maxAbs = 0;
      for (double v : m.values()) maxAbs = Math.max(maxAbs, Math.abs(v));
      blocks.add(new BlockPlacement(w, m.outputs(), m.inputs(), options.siemensPerWeightFor(maxAbs), ts));
    }
    return new Placement(target.arrays(), target.rows(), target.cols(), blocks);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private void checkCoverage(String w, WeightMatrix m, List<TileRequest> req) {
    int[] count = new int[m.outputs() * m.inputs()];
    for (TileRequest r : req) {
      if (r.inStart() < 0 || r.inStart() + r.inCount() > m.inputs() || r.outStart() < 0 || r.outStart() + r.outCount() > m.outputs())
        throw new MappingException("tile of '" + w + "' covers inputs/outputs outside its " + m.outputs() + "x" + m.inputs() + " matrix");
      for (int j = r.outStart(); j < r.outStart() + r.outCount(); j++)
        for (int i = r.inStart(); i < r.inStart() + r.inCount(); i++) count[j * m.inputs() + i]++;
    }
    for (int c : count)
      if (c != 1) throw new MappingException("hand placement of '" + w + "' must cover every weight exactly once");
  }

  private Tile placeAt(String w, TileRequest r) {
    int a = r.array();
    if (a < 0 || a >= target.arrays()) throw new MappingException("tile of '" + w + "' names array " + a + " of " + target.arrays());
    int h = 2 * r.inCount() * r.rowRep(), wd = r.outCount() * r.colRep();
    if (r.row0() < 0 || r.col0() < 0 || r.row0() + h > goodRows[a].length || r.col0() + wd > goodCols[a].length)
      throw new MappingException("tile of '" + w + "' at (" + r.row0() + "," + r.col0() + ") size " + h + "x" + wd
          + " leaves the " + goodRows[a].length + "x" + goodCols[a].length + " logical array " + a);
    if (!free(a, r.row0(), r.col0(), h, wd))
      throw new MappingException("tile of '" + w + "' at (" + r.row0() + "," + r.col0() + ") overlaps another tile or a bad cell");
    return claim(a, r.row0(), r.col0(), r.inStart(), r.inCount(), r.outStart(), r.outCount(), r.rowRep(), r.colRep());
  }

  private Tile autoPlace(Pending p) {
    int h = p.height(), w = p.width();
    for (int a = 0; a < target.arrays(); a++) {
      int nr = goodRows[a].length, nc = goodCols[a].length;
      if (h > nr || w > nc) continue;
      // Skyline: for each column start, the lowest row where the rectangle fits.
      for (int c0 = 0; c0 + w <= nc; c0++) {
        for (int r0 = 0; r0 + h <= nr; r0++) {
          if (free(a, r0, c0, h, w)) return claim(a, r0, c0, p.inStart, p.inCount, p.outStart, p.outCount, p.rowRep, p.colRep);
        }
      }
    }
    throw new MappingException("weight '" + p.weight + "' needs a " + h + "x" + w + " tile but the " + target.arrays()
        + " array(s) of " + target.rows() + "x" + target.cols() + " are full; use a target with more arrays (e.g. sim:paper?arrays=N)");
  }

  private boolean free(int a, int r0, int c0, int h, int w) {
    DefectMap d = target.defects();
    for (int r = r0; r < r0 + h; r++)
      for (int c = c0; c < c0 + w; c++)
        if (occupied[a][r][c] || d.isBadCell(a, goodRows[a][r], goodCols[a][c])) return false;
    return true;
  }

  private Tile claim(int a, int r0, int c0, int inStart, int inCount, int outStart, int outCount, int rowRep, int colRep) {
    int h = 2 * inCount * rowRep, w = outCount * colRep;
    int[] rows = new int[h], cols = new int[w];
    for (int r = 0; r < h; r++) {
      rows[r] = goodRows[a][r0 + r];
      for (int c = 0; c < w; c++) occupied[a][r0 + r][c0 + c] = true;
    }
    for (int c = 0; c < w; c++) cols[c] = goodCols[a][c0 + c];
    return new Tile(a, rows, cols, inStart, inCount, outStart, outCount, rowRep, colRep);
  }
}
