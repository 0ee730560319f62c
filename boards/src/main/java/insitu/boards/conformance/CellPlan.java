package insitu.boards.conformance;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The devices the suite uses, chosen from INFO: the last array (the one least likely to hold a
 * deployed model), its highest rows and columns, skipping every line and cell INFO lists as
 * defective. Products use a block of rows × columns; pulses use cells on its diagonal.
 *
 * @param array the array used
 * @param rows usable rows, highest first
 * @param cols usable columns, highest first
 */
public record CellPlan(int array, int[] rows, int[] cols) {
  /** Rows and columns of the block the product checks drive (rows even, for row pairs). */
  static final int PRODUCT_ROWS = 8, PRODUCT_COLS = 4;
  /** Cells the pulse checks program (and restore). */
  static final int PULSE_CELLS = 4;

  public static CellPlan choose(BoardSpec spec) {
    int array = spec.arrays() - 1;
    DefectMap d = spec.defects();
    List<Integer> rows = new ArrayList<>(), cols = new ArrayList<>();
    for (int r = spec.rows() - 1; r >= 0; r--) if (!d.isBadRow(array, r)) rows.add(r);
    for (int c = spec.cols() - 1; c >= 0; c--) if (!d.isBadCol(array, c)) cols.add(c);
    return new CellPlan(array, rows.stream().mapToInt(Integer::intValue).toArray(), cols.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Rows of the product block: up to eight, an even number. */
  public int[] productRows() {
    return Arrays.copyOf(rows, Math.min(PRODUCT_ROWS, rows.length & ~1));
  }

  public int[] productCols() {
    return Arrays.copyOf(cols, Math.min(PRODUCT_COLS, cols.length));
  }

  /** Up to four cells with distinct rows and columns, none of them listed as defective. */
  public List<Cell> pulseCells(DefectMap defects) {
    List<Cell> out = new ArrayList<>();
    for (int i = 0; i < Math.min(rows.length, cols.length) && out.size() < PULSE_CELLS; i++)
      if (!defects.isBadCell(array, rows[i], cols[i])) out.add(new Cell(array, rows[i], cols[i]));
    return out;
  }

  /** {@code n} row indices of the array, cycling through the usable ones (a READ may repeat rows). */
  public int[] cyclingRows(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = rows[i % rows.length];
    return out;
  }

  /** {@code n} column indices, cycling through the usable ones. */
  public int[] cyclingCols(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = cols[i % cols.length];
    return out;
  }
}
