package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a mapped model's lines on the physical lines of each array so that the stuck devices
 * it covers do as little harm as possible (a pass after {@link CrossbarMapper}).
 *
 * <p>A tile's rows are inputs and its columns outputs, and nothing ties either to a particular
 * physical line: any permutation of an array's good rows, and any of its good columns, keeps
 * every tile a tile and no two tiles overlapping, and leaves the unused lines to soak up the
 * worst defects. At a few % of scattered stuck cells no defect-free rectangle exists, so instead
 * of avoiding stuck cells this pass prices them: a stuck device costs the squared weight error
 * it leaves after the free devices of its weight have compensated ({@link
 * StuckDevices#weightError}) — nothing when, say, a device stuck high sits on the G⁺ side of a
 * positive weight — plus a small charge per stuck device covered, so that harmless ones still go
 * to spare lines when there are any.
 *
 * <p>Search: alternately the best row permutation for the current columns and the best column
 * permutation for the current rows, each an exact {@link MinCostAssignment} of the cost with
 * devices priced one at a time, keeping the best arrangement under the exact cost; then swaps of
 * two lines wherever the exact cost, which sees all stuck devices of a weight together (a pair
 * stuck at opposite ends), goes down. Deterministic.
 */
public final class StuckAwarePlacement {
  /** Charge for covering a stuck device that does no harm, in squared weight units. */
  static final double COVER_COST = 1e-3;
  /** A weight error above this (weight units) makes the stuck devices of that weight harmful. */
  public static final double HARMFUL_ERROR = 0.01;
  private static final int ROUNDS = 4, SWEEPS = 3;

  private StuckAwarePlacement() {}

  /**
   * What the stuck devices under a placement do.
   *
   * @param stuckCovered stuck devices holding part of a weight
   * @param harmfulStuck those of them whose weight cannot be realized within {@link #HARMFUL_ERROR}
   * @param weightsHurt weights with an error above {@link #HARMFUL_ERROR}
   * @param squaredError Σ of the squared weight errors (weight units)
   */
  public record Score(int stuckCovered, int harmfulStuck, int weightsHurt, double squaredError) {}

  /** The re-placed model and its score before and after. */
  public record Result(Placement placement, Score before, Score after) {}

  /**
   * @param weights each block's weights (outputs × inputs), by block name
   * @param target the target whose good lines may be used (its defect map's bad rows and columns are not)
   */
  public static Result place(Placement p, Map<String, double[]> weights, StuckDevices stuck, BoardSpec target) {
    Score before = score(p, weights, stuck);
    if (stuck.isEmpty()) return new Result(p, before, before);
    // Tiles hold arrays, so their equality is identity: exactly what is wanted here.
    Map<Tile, Tile> moved = new IdentityHashMap<>();
    for (int a = 0; a < p.arrays(); a++) {
      ArrayProblem ap = new ArrayProblem(p, a, weights, stuck, target);
      if (ap.devices == 0) continue;
      ap.search();
      for (BlockPlacement b : p.blocks()) for (Tile t : b.tiles()) if (t.array() == a) moved.put(t, ap.relocate(t));
    }
    List<BlockPlacement> blocks = new ArrayList<>();
    for (BlockPlacement b : p.blocks()) {
      List<Tile> ts = new ArrayList<>();
      for (Tile t : b.tiles()) ts.add(moved.getOrDefault(t, t));
      blocks.add(new BlockPlacement(b.weight(), b.outputs(), b.inputs(), b.siemensPerWeight(), ts));
    }
    Placement out = new Placement(p.arrays(), p.rows(), p.cols(), blocks);
    return new Result(out, before, score(out, weights, stuck));
  }

  /** How the stuck devices under {@code p} affect its weights. */
  public static Score score(Placement p, Map<String, double[]> weights, StuckDevices stuck) {
    int covered = 0, harmful = 0, hurt = 0;
    double sq = 0;
    for (BlockPlacement b : p.blocks()) {
      double[] w = weightsOf(b, weights);
      for (Tile t : b.tiles()) {
        int n = 2 * t.rowRep() * t.colRep();
        int[] signs = new int[n];
        double[] levels = new double[n];
        for (int i = 0; i < t.inCount(); i++)
          for (int j = 0; j < t.outCount(); j++) {
            int k = 0, stuckHere = 0;
            for (int r = 0; r < t.rowRep(); r++)
              for (int c = 0; c < t.colRep(); c++)
                for (int s = 0; s < 2; s++) {
                  signs[k] = s == 0 ? 1 : -1;
                  levels[k] = stuck.at(t.array(), t.rowOf(r, i, s), t.colOf(c, j));
                  if (!Double.isNaN(levels[k])) stuckHere++;
                  k++;
                }
            if (stuckHere == 0) continue;
            double e = stuck.weightError(w[(t.outStart() + j) * b.inputs() + t.inStart() + i], b.siemensPerWeight(), signs, levels, n);
            covered += stuckHere;
            sq += e * e;
            if (e > HARMFUL_ERROR) {
              harmful += stuckHere;
              hurt++;
            }
          }
      }
    }
    return new Score(covered, harmful, hurt, sq);
  }

  private static double[] weightsOf(BlockPlacement b, Map<String, double[]> weights) {
    double[] w = weights.get(b.weight());
    if (w == null || w.length != b.outputs() * b.inputs())
      throw new IllegalArgumentException("no " + b.outputs() + "x" + b.inputs() + " weights for block '" + b.weight() + "'");
    return w;
  }

  /** One array: its devices in logical coordinates (indices into the good lines) and the line permutations being searched. */
  private static final class ArrayProblem {
    final int array;
    final StuckDevices stuck;
    final int[] physRows, physCols; // good lines: logical index → physical line
    final int[] rowIndex, colIndex; // physical line → logical index (−1: not a good line)
    final int devices;
    final int[] devRow, devCol, devSign, devWeight;
    final double[] weightValue, weightScale; // per weight: w and siemens per weight
    final int[][] weightDevices;
    final int[][] rowDevices, colDevices;
    int[] rowPos, colPos; // logical line → logical index of the physical line it is placed on

    ArrayProblem(Placement p, int array, Map<String, double[]> weights, StuckDevices stuck, BoardSpec target) {
      this.array = array;
      this.stuck = stuck;
      physRows = target.defects().goodRows(array, target.rows());
      physCols = target.defects().goodCols(array, target.cols());
      rowIndex = indexOf(physRows, target.rows());
      colIndex = indexOf(physCols, target.cols());
      List<int[]> devs = new ArrayList<>(); // {row, col, sign, weight}
      List<double[]> ws = new ArrayList<>();
      List<List<Integer>> wd = new ArrayList<>();
      for (BlockPlacement b : p.blocks()) {
        double[] w = weightsOf(b, weights);
        for (Tile t : b.tiles()) {
          if (t.array() != array) continue;
          for (int i = 0; i < t.inCount(); i++)
            for (int j = 0; j < t.outCount(); j++) {
              int id = ws.size();
              ws.add(new double[] {w[(t.outStart() + j) * b.inputs() + t.inStart() + i], b.siemensPerWeight()});
              List<Integer> mine = new ArrayList<>();
              for (int r = 0; r < t.rowRep(); r++)
                for (int c = 0; c < t.colRep(); c++)
                  for (int s = 0; s < 2; s++) {
                    int lr = rowIndex[t.rowOf(r, i, s)], lc = colIndex[t.colOf(c, j)];
                    if (lr < 0 || lc < 0)
                      throw new IllegalArgumentException("tile of '" + b.weight() + "' uses a bad line of array " + array);
                    mine.add(devs.size());
                    devs.add(new int[] {lr, lc, s == 0 ? 1 : -1, id});
                  }
              wd.add(mine);
            }
        }
      }
      devices = devs.size();
      devRow = new int[devices];
      devCol = new int[devices];
      devSign = new int[devices];
      devWeight = new int[devices];
      for (int d = 0; d < devices; d++) {
        int[] x = devs.get(d);
        devRow[d] = x[0];
        devCol[d] = x[1];
        devSign[d] = x[2];
        devWeight[d] = x[3];
      }
      weightValue = new double[ws.size()];
      weightScale = new double[ws.size()];
      weightDevices = new int[ws.size()][];
      for (int k = 0; k < ws.size(); k++) {
        weightValue[k] = ws.get(k)[0];
        weightScale[k] = ws.get(k)[1];
        weightDevices[k] = wd.get(k).stream().mapToInt(Integer::intValue).toArray();
      }
      rowDevices = group(devRow, physRows.length);
      colDevices = group(devCol, physCols.length);
      rowPos = identity(physRows.length);
      colPos = identity(physCols.length);
    }

    private static int[] indexOf(int[] good, int lines) {
      int[] idx = new int[lines];
      java.util.Arrays.fill(idx, -1);
      for (int k = 0; k < good.length; k++) idx[good[k]] = k;
      return idx;
    }

    private static int[][] group(int[] line, int lines) {
      int[] count = new int[lines];
      for (int l : line) count[l]++;
      int[][] g = new int[lines][];
      for (int l = 0; l < lines; l++) g[l] = new int[count[l]];
      int[] next = new int[lines];
      for (int d = 0; d < line.length; d++) g[line[d]][next[line[d]]++] = d;
      return g;
    }

    private static int[] identity(int n) {
      int[] x = new int[n];
      for (int i = 0; i < n; i++) x[i] = i;
      return x;
    }

    double levelAt(int physRowIndex, int physColIndex) {
      return stuck.at(array, physRows[physRowIndex], physCols[physColIndex]);
    }

    /** Cost of device d alone on a cell stuck at {@code level} (NaN: free, no cost). */
    double deviceCost(int d, double level) {
      if (Double.isNaN(level)) return 0;
      int wid = devWeight[d], n = weightDevices[wid].length, s = devSign[d];
      double lo = stuck.windowLowSiemens(), hi = stuck.windowHighSiemens();
      double sumLo = (n / 2) * (lo - hi) - (s > 0 ? lo : -hi) + s * level;
      double sumHi = (n / 2) * (hi - lo) - (s > 0 ? hi : -lo) + s * level;
      double k = (n / 2) * weightScale[wid], target = weightValue[wid] * k;
      double e = target < sumLo ? (sumLo - target) / k : target > sumHi ? (target - sumHi) / k : 0;
      return e * e + COVER_COST;
    }

    /** The exact cost of the current arrangement: every weight with all its stuck devices at once. */
    double totalCost() {
      double total = 0;
      for (int wid = 0; wid < weightDevices.length; wid++) total += weightCost(wid);
      return total;
    }

    void search() {
      double best = totalCost();
      int[] bestRows = rowPos.clone(), bestCols = colPos.clone();
      for (int round = 0; round < ROUNDS; round++) {
        rowPos = assignRows();
        colPos = assignCols();
        double c = totalCost();
        if (c < best - 1e-12) {
          best = c;
          bestRows = rowPos.clone();
          bestCols = colPos.clone();
        } else {
          break;
        }
      }
      rowPos = bestRows;
      colPos = bestCols;
      refineBySwaps();
    }

    /**
     * Exact-cost polish: swap the physical lines of two logical rows (or columns) whenever that
     * lowers the cost with every weight's stuck devices taken together, which the one-device
     * prices of the assignment cannot see (a pair with both devices stuck on opposite levels).
     * Only lines holding a stuck device that costs something are tried.
     */
    private void refineBySwaps() {
      double[] cost = new double[weightDevices.length];
      for (int w = 0; w < cost.length; w++) cost[w] = weightCost(w);
      int[] stamp = new int[weightDevices.length];
      int[] mark = {0};
      for (int sweep = 0; sweep < SWEEPS; sweep++) {
        boolean improved = false;
        for (boolean rows : new boolean[] {true, false}) {
          int[] pos = rows ? rowPos : colPos;
          int[][] lineDevices = rows ? rowDevices : colDevices;
          for (int l1 = 0; l1 < pos.length; l1++) {
            if (!hurts(lineDevices[l1], cost)) continue;
            for (int l2 = 0; l2 < pos.length; l2++) {
              if (l2 == l1) continue;
              mark[0]++;
              List<Integer> touched = new ArrayList<>();
              for (int[] ds : new int[][] {lineDevices[l1], lineDevices[l2]})
                for (int d : ds) {
                  int w = devWeight[d];
                  if (stamp[w] != mark[0]) {
                    stamp[w] = mark[0];
                    touched.add(w);
                  }
                }
              double before = 0, after = 0;
              for (int w : touched) before += cost[w];
              swap(pos, l1, l2);
              double[] next = new double[touched.size()];
              for (int k = 0; k < next.length; k++) after += next[k] = weightCost(touched.get(k));
              if (after < before - 1e-12) {
                for (int k = 0; k < next.length; k++) cost[touched.get(k)] = next[k];
                improved = true;
                if (!hurts(lineDevices[l1], cost)) break;
              } else {
                swap(pos, l1, l2);
              }
            }
          }
        }
        if (!improved) break;
      }
    }

    private boolean hurts(int[] lineDevices, double[] cost) {
      for (int d : lineDevices) if (cost[devWeight[d]] > COVER_COST * weightDevices[devWeight[d]].length) return true;
      return false;
    }

    private static void swap(int[] a, int i, int j) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }

    /** Exact cost of one weight where its devices are now: squared error plus the cover charge. */
    double weightCost(int wid) {
      int[] ds = weightDevices[wid];
      int[] signs = new int[ds.length];
      double[] levels = new double[ds.length];
      int stuckHere = 0;
      for (int k = 0; k < ds.length; k++) {
        int d = ds[k];
        signs[k] = devSign[d];
        levels[k] = levelAt(rowPos[devRow[d]], colPos[devCol[d]]);
        if (!Double.isNaN(levels[k])) stuckHere++;
      }
      if (stuckHere == 0) return 0;
      double e = stuck.weightError(weightValue[wid], weightScale[wid], signs, levels, ds.length);
      return e * e + COVER_COST * stuckHere;
    }

    private int[] assignRows() {
      int n = physRows.length;
      double[][] cost = new double[n][n];
      for (int r = 0; r < n; r++)
        for (int d : rowDevices[r])
          for (int pr = 0; pr < n; pr++) cost[r][pr] += deviceCost(d, levelAt(pr, colPos[devCol[d]]));
      return MinCostAssignment.solve(cost);
    }

    private int[] assignCols() {
      int n = physCols.length;
      double[][] cost = new double[n][n];
      for (int c = 0; c < n; c++)
        for (int d : colDevices[c])
          for (int pc = 0; pc < n; pc++) cost[c][pc] += deviceCost(d, levelAt(rowPos[devRow[d]], pc));
      return MinCostAssignment.solve(cost);
    }

    /** The tile on the physical lines its logical lines are now placed on. */
    Tile relocate(Tile t) {
      int[] rows = new int[t.rows().length], cols = new int[t.cols().length];
      for (int k = 0; k < rows.length; k++) rows[k] = physRows[rowPos[rowIndex[t.rows()[k]]]];
      for (int k = 0; k < cols.length; k++) cols[k] = physCols[colPos[colIndex[t.cols()[k]]]];
      return new Tile(t.array(), rows, cols, t.inStart(), t.inCount(), t.outStart(), t.outCount(), t.rowRep(), t.colRep());
    }
  }
}
