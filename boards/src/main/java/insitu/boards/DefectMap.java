package insitu.boards;

import java.util.Set;
import java.util.TreeSet;

/**
 * Known-bad lines and cells of a board. Compilers place around them; the simulated board makes
 * them unresponsive. Keys pack (array, index) or (array, row, col) into a long.
 */
public record DefectMap(Set<Long> badRows, Set<Long> badCols, Set<Long> badCells) {

  public DefectMap {
    badRows = Set.copyOf(badRows);
    badCols = Set.copyOf(badCols);
    badCells = Set.copyOf(badCells);
  }

  public static DefectMap none() {
    return new DefectMap(Set.of(), Set.of(), Set.of());
  }

  public static long lineKey(int array, int index) {
    return ((long) array << 32) | (index & 0xffffffffL);
  }

  public static long cellKey(int array, int row, int col) {
    return ((long) array << 40) | ((long) row << 20) | col;
  }

  public boolean isBadRow(int array, int row) { return badRows.contains(lineKey(array, row)); }
  public boolean isBadCol(int array, int col) { return badCols.contains(lineKey(array, col)); }

  /** A cell is unusable if it is listed itself or lies on a bad line. */
  public boolean isBadCell(int array, int row, int col) {
    return isBadRow(array, row) || isBadCol(array, col) || badCells.contains(cellKey(array, row, col));
  }

  public DefectMap withBadRow(int array, int row) {
    Set<Long> r = new TreeSet<>(badRows);
    r.add(lineKey(array, row));
    return new DefectMap(r, badCols, badCells);
  }

  public DefectMap withBadCol(int array, int col) {
    Set<Long> c = new TreeSet<>(badCols);
    c.add(lineKey(array, col));
    return new DefectMap(badRows, c, badCells);
  }

  public DefectMap withBadCell(int array, int row, int col) {
    Set<Long> c = new TreeSet<>(badCells);
    c.add(cellKey(array, row, col));
    return new DefectMap(badRows, badCols, c);
  }

  /** The good physical rows of an array, ascending. */
  public int[] goodRows(int array, int rows) {
    return java.util.stream.IntStream.range(0, rows).filter(r -> !isBadRow(array, r)).toArray();
  }

  public int[] goodCols(int array, int cols) {
    return java.util.stream.IntStream.range(0, cols).filter(c -> !isBadCol(array, c)).toArray();
  }
}
