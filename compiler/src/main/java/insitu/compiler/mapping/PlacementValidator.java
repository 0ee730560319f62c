package insitu.compiler.mapping;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.GraphPrinter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a placement must satisfy after every mapping pass: one block per crossbar weight with the
 * weight's shape, tiles that cover each weight exactly once, inside the arrays, no cell used
 * twice. A problem is a compiler bug, reported with the pass that made it.
 */
public final class PlacementValidator {
  private PlacementValidator() {}

  public static List<String> problems(Graph g, Placement p) {
    List<String> problems = new ArrayList<>();
    List<String> weights = List.copyOf(g.crossbarWeights());
    List<String> blocks = p.blocks().stream().map(BlockPlacement::weight).toList();
    if (!weights.equals(blocks)) problems.add("blocks " + blocks + " do not match the crossbar weights " + weights);
    Set<Long> cells = new HashSet<>();
    for (BlockPlacement b : p.blocks()) {
      if (!weights.contains(b.weight())) continue;
      int[] m = g.weightMatrixDims(b.weight());
      if (m[0] != b.outputs() || m[1] != b.inputs())
        problems.add("block '" + b.weight() + "' is " + b.outputs() + "x" + b.inputs() + ", the weight " + m[0] + "x" + m[1]);
      int[] cover = new int[b.outputs() * b.inputs()];
      for (Tile t : b.tiles()) {
        if (t.array() < 0 || t.array() >= p.arrays()) problems.add("a tile of '" + b.weight() + "' is on array " + t.array());
        for (int r : t.rows())
          for (int c : t.cols()) {
            if (r < 0 || r >= p.rows() || c < 0 || c >= p.cols()) problems.add("a tile of '" + b.weight() + "' leaves the array");
            else if (!cells.add(((long) t.array() << 40) | ((long) r << 20) | c))
              problems.add("cell (" + t.array() + "," + r + "," + c + ") is used twice");
          }
        for (int j = t.outStart(); j < t.outStart() + t.outCount(); j++)
          for (int i = t.inStart(); i < t.inStart() + t.inCount(); i++)
            if (j >= 0 && j < b.outputs() && i >= 0 && i < b.inputs()) cover[j * b.inputs() + i]++;
      }
      for (int k = 0; k < cover.length; k++)
        if (cover[k] != 1) {
          problems.add("weight (" + k / b.inputs() + "," + k % b.inputs() + ") of '" + b.weight() + "' is covered " + cover[k] + " times");
          break;
        }
    }
    return problems;
  }

  /** Throws {@link IllegalStateException} naming {@code after} and the first problems, with the graph's dump. */
  public static void check(Graph g, Mapping m, String after) {
    List<String> p = problems(g, m.placement());
    if (!p.isEmpty())
      throw new IllegalStateException("invalid placement after " + after + ": " + String.join("; ", p.subList(0, Math.min(5, p.size())))
          + "\n" + GraphPrinter.print(g));
  }
}
