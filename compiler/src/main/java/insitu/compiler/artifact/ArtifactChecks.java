package insitu.compiler.artifact;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.ValueInfo;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Consistency of graph, placement and target, checked when writing (a bug) and when reading (a
 * damaged or hand-edited artifact). Throws {@link IllegalArgumentException} with the reason.
 */
final class ArtifactChecks {
  private ArtifactChecks() {}

  static void check(Graph g, Placement p, BoardSpec target) {
    checkGraph(g);
    GraphBounds.check(g);
    if (p.arrays() != target.arrays() || p.rows() != target.rows() || p.cols() != target.cols())
      fail("placement is for " + p.arrays() + " array(s) of " + p.rows() + "x" + p.cols() + " but the target has "
          + target.arrays() + " of " + target.rows() + "x" + target.cols());
    Set<String> weights = g.crossbarWeights();
    Set<String> placed = new HashSet<>();
    for (BlockPlacement b : p.blocks()) {
      if (!weights.contains(b.weight())) fail("placement block '" + b.weight() + "' is not a crossbar weight of the graph");
      if (!placed.add(b.weight())) fail("weight '" + b.weight() + "' is placed twice");
      int[] m = g.weightMatrixDims(b.weight());
      if (m[0] != b.outputs() || m[1] != b.inputs())
        fail("block '" + b.weight() + "' is " + b.outputs() + "x" + b.inputs() + " but the weight is " + m[0] + "x" + m[1]);
      if (!(b.siemensPerWeight() > 0) || Double.isInfinite(b.siemensPerWeight())) fail("block '" + b.weight() + "' has siemensPerWeight " + b.siemensPerWeight());
      checkTiles(b, p);
    }
    for (String w : weights) if (!placed.contains(w)) fail("crossbar weight '" + w + "' has no placement");
  }

  /** Tiles inside the arrays and the block, covering each weight exactly once (a bit per weight: no overlap, and all of them). */
  private static void checkTiles(BlockPlacement b, Placement p) {
    BitSet covered = new BitSet();
    long count = 0;
    for (Tile t : b.tiles()) {
      if (t.array() < 0 || t.array() >= p.arrays()) fail("a tile of '" + b.weight() + "' is on array " + t.array() + " of " + p.arrays());
      if (t.inStart() < 0 || t.inCount() < 1 || t.inStart() + t.inCount() > b.inputs() || t.outStart() < 0 || t.outCount() < 1
          || t.outStart() + t.outCount() > b.outputs() || t.rowRep() < 1 || t.colRep() < 1)
        fail("a tile of '" + b.weight() + "' covers inputs/outputs outside its " + b.outputs() + "x" + b.inputs() + " matrix");
      for (int r : t.rows()) if (r < 0 || r >= p.rows()) fail("a tile of '" + b.weight() + "' uses row " + r + " of " + p.rows());
      for (int c : t.cols()) if (c < 0 || c >= p.cols()) fail("a tile of '" + b.weight() + "' uses column " + c + " of " + p.cols());
      for (int j = t.outStart(); j < t.outStart() + t.outCount(); j++) {
        int from = j * b.inputs() + t.inStart(), to = from + t.inCount();
        int first = covered.nextSetBit(from);
        if (first >= 0 && first < to) fail("the tiles of '" + b.weight() + "' do not cover every weight exactly once");
        covered.set(from, to);
      }
      count += (long) t.inCount() * t.outCount();
    }
    if (count != (long) b.outputs() * b.inputs()) fail("the tiles of '" + b.weight() + "' do not cover every weight exactly once");
  }

  private static void checkGraph(Graph g) {
    Set<String> defined = new HashSet<>(g.initializers().keySet());
    for (ValueInfo v : g.inputs()) defined.add(v.name());
    for (Node n : g.nodes()) {
      for (String in : n.inputs())
        if (!in.isEmpty() && !defined.contains(in)) fail("node '" + n.name() + "' reads '" + in + "' before anything produces it");
      defined.addAll(n.outputs());
    }
    for (String o : g.outputs()) if (!defined.contains(o)) fail("graph output '" + o + "' is not produced by any node");
  }

  private static void fail(String why) {
    throw new IllegalArgumentException(why);
  }
}
