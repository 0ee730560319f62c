package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The logical grids of a target's arrays (each array's good rows × good columns) and which of
 * their cells are taken, by tiles or by known-bad cells. A grid is made when the packer first
 * looks at its array, and forgets its occupancy once full: a target of 100,000 arrays costs
 * nothing until used, and a full one a few dozen bytes per array. Past the target's last array,
 * grids continue as arrays of the same size (with the defects the map lists for them, as a bigger
 * board of the same spec would have), so that a model too big for the target can still be packed
 * to count the arrays it needs.
 */
final class ArrayGrids {
  /** One array's logical grid: physical index of each good line, and a bit per taken cell. */
  static final class Grid {
    final int[] rows;
    final int[] cols;
    private final int words;
    private long[] taken;
    private int free;

    Grid(int[] rows, int[] cols) {
      this.rows = rows;
      this.cols = cols;
      this.words = (cols.length + 63) >>> 6;
      this.taken = new long[rows.length * words];
      this.free = rows.length * cols.length;
    }

    int rowCount() {
      return rows.length;
    }

    int colCount() {
      return cols.length;
    }

    /** Cells neither taken by a tile nor bad. */
    int free() {
      return free;
    }

    /** The last row of the h×w rectangle at (r0, c0) holding a taken cell, or -1 if the rectangle is free. */
    int lastBlockedRow(int r0, int c0, int h, int w) {
      for (int r = r0 + h - 1; r >= r0; r--)
        if (anyTaken(r, c0, c0 + w)) return r;
      return -1;
    }

    /** Marks the h×w rectangle at (r0, c0) taken (it must be free). */
    void take(int r0, int c0, int h, int w) {
      for (int r = r0; r < r0 + h; r++) setTaken(r, c0, c0 + w);
      free -= h * w;
      if (free == 0) taken = null;
    }

    private boolean anyTaken(int r, int from, int to) {
      int base = r * words;
      for (int c = from; c < to; ) {
        int word = c >>> 6, end = Math.min(to, (word + 1) << 6);
        if ((taken[base + word] & mask(c, end)) != 0) return true;
        c = end;
      }
      return false;
    }

    private void setTaken(int r, int from, int to) {
      int base = r * words;
      for (int c = from; c < to; ) {
        int word = c >>> 6, end = Math.min(to, (word + 1) << 6);
        taken[base + word] |= mask(c, end);
        c = end;
      }
    }

    /** Bits [from, to) of the word holding column {@code from} (to at most the word's end). */
    private static long mask(int from, int to) {
      int lo = from & 63, n = to - from;
      return (n == 64 ? -1L : (1L << n) - 1) << lo;
    }
  }

  private final BoardSpec target;
  private final int[] allRows;
  private final int[] allCols;
  private final Set<Integer> lineDefects = new HashSet<>();
  private final Map<Integer, List<int[]>> badCells = new HashMap<>();
  private final List<Grid> grids = new ArrayList<>();

  ArrayGrids(BoardSpec target) {
    this.target = target;
    allRows = identity(target.rows());
    allCols = identity(target.cols());
    DefectMap d = target.defects();
    for (long k : d.badRows()) lineDefects.add((int) (k >>> 32));
    for (long k : d.badCols()) lineDefects.add((int) (k >>> 32));
    for (long k : d.badCells())
      badCells.computeIfAbsent((int) (k >>> 40), a -> new ArrayList<>()).add(new int[] {(int) ((k >>> 20) & 0xFFFFF), (int) (k & 0xFFFFF)});
  }

  private static int[] identity(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }

  /** The grid of array {@code a}, with the defects the target's map lists for it (also past the target's count). */
  Grid grid(int a) {
    while (grids.size() <= a) grids.add(null);
    Grid g = grids.get(a);
    if (g == null) {
      g = make(a);
      grids.set(a, g);
    }
    return g;
  }

  private Grid make(int a) {
    boolean lines = lineDefects.contains(a);
    int[] rows = lines ? target.defects().goodRows(a, target.rows()) : allRows;
    int[] cols = lines ? target.defects().goodCols(a, target.cols()) : allCols;
    Grid g = new Grid(rows, cols);
    for (int[] cell : badCells.getOrDefault(a, List.of())) {
      int r = java.util.Arrays.binarySearch(rows, cell[0]), c = java.util.Arrays.binarySearch(cols, cell[1]);
      // A bad cell on a bad line is gone with its line already.
      if (r >= 0 && c >= 0 && g.lastBlockedRow(r, c, 1, 1) < 0) g.take(r, c, 1, 1);
    }
    return g;
  }

  /** The most good rows (columns) any of the target's arrays has. */
  int maxRows() {
    return maxLines(true);
  }

  int maxCols() {
    return maxLines(false);
  }

  private int maxLines(boolean rows) {
    int full = rows ? target.rows() : target.cols();
    List<Integer> defective = lineDefects.stream().filter(a -> a < target.arrays()).toList();
    if (defective.size() < target.arrays()) return full;
    int max = 0;
    for (int a : defective) {
      int[] good = rows ? target.defects().goodRows(a, full) : target.defects().goodCols(a, full);
      max = Math.max(max, good.length);
    }
    return max;
  }
}
