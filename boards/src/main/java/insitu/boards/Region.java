package insitu.boards;

import java.util.Arrays;

/** A set of cells: the intersections of some physical rows and columns of one array. */
public record Region(int array, int[] rows, int[] cols) {

  public Region {
    if (array < 0) throw new IllegalArgumentException("array index must be >= 0, was " + array);
    if (rows.length == 0 || cols.length == 0)
      throw new IllegalArgumentException("a region needs at least one row and one column");
    rows = rows.clone();
    cols = cols.clone();
  }

  /** A contiguous rectangle. */
  public static Region rect(int array, int row0, int rowCount, int col0, int colCount) {
    int[] r = new int[rowCount];
    int[] c = new int[colCount];
    for (int i = 0; i < rowCount; i++) r[i] = row0 + i;
    for (int j = 0; j < colCount; j++) c[j] = col0 + j;
    return new Region(array, r, c);
  }

  public int cellCount() {
    return rows.length * cols.length;
  }

  @Override public int[] rows() { return rows.clone(); }
  @Override public int[] cols() { return cols.clone(); }

  /** Row index {@code i} without copying the array. */
  public int row(int i) { return rows[i]; }
  public int col(int j) { return cols[j]; }
  public int rowCount() { return rows.length; }
  public int colCount() { return cols.length; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Region r && r.array == array && Arrays.equals(r.rows, rows) && Arrays.equals(r.cols, cols);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * array + Arrays.hashCode(rows)) + Arrays.hashCode(cols);
  }

  @Override
  public String toString() {
    return "Region[array=" + array + ", rows=" + rows.length + ", cols=" + cols.length + "]";
  }
}
