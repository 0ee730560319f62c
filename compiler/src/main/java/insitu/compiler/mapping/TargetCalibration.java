package insitu.compiler.mapping;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a board's calibration (its self-test) tells the compiler about placing weights: the
 * conductance scale, the stuck devices and the conductance window they are priced against, the
 * bad lines to leave out, and how many averaged copies of every weight to try.
 *
 * @param board the calibrated board's name, for messages
 * @param siemensPerWeight conductance difference per unit weight
 * @param maxWeight largest |w| that keeps both devices of a pair inside the window at that scale
 * @param stuck the stuck cells, with the conductance each is stuck at, and the window
 * @param badLines rows and columns where most cells failed (no bad cells)
 * @param maxCopies most averaged copies per weight to try (1: no replication)
 */
public record TargetCalibration(String board, double siemensPerWeight, double maxWeight, StuckDevices stuck, DefectMap badLines,
                                int maxCopies) {
  /** Copies per weight by default: measured best on the paper CNN with 10 % stuck cells (docs/decisions.md). */
  public static final int DEFAULT_COPIES = 2;

  public TargetCalibration {
    if (!(siemensPerWeight > 0)) throw new IllegalArgumentException("calibration siemensPerWeight must be > 0, was " + siemensPerWeight);
    if (maxCopies < 1) throw new IllegalArgumentException("copies must be >= 1, was " + maxCopies);
    if (!badLines.badCells().isEmpty()) throw new IllegalArgumentException("bad lines must not list cells");
  }

  /** The same calibration trying at most {@code copies} averaged copies per weight. */
  public TargetCalibration withMaxCopies(int copies) {
    return new TargetCalibration(board, siemensPerWeight, maxWeight, stuck, badLines, copies);
  }

  /**
   * The mapping: {@link #siemensPerWeight} per unit weight, and blocks whose largest |w| exceeds
   * {@link #maxWeight} get a smaller scale of their own so both devices stay in the window.
   */
  public MappingOptions mappingOptions() {
    return new MappingOptions(siemensPerWeight, 1, 1, java.util.Map.of(), java.util.Map.of(), siemensPerWeight * maxWeight);
  }

  /** The spec with this calibration's bad lines added to those it already lists: where tiles may go. */
  public BoardSpec withBadLines(BoardSpec spec) {
    DefectMap d = spec.defects();
    Set<Long> rows = new TreeSet<>(d.badRows()), cols = new TreeSet<>(d.badCols()), cells = new TreeSet<>(d.badCells());
    rows.addAll(badLines.badRows());
    cols.addAll(badLines.badCols());
    return spec.withDefects(new DefectMap(rows, cols, cells));
  }

  /** {@code known} plus the bad lines and the stuck cells: every defect a placement was made around. */
  public DefectMap defectsOver(DefectMap known) {
    Set<Long> rows = new TreeSet<>(known.badRows()), cols = new TreeSet<>(known.badCols()), cells = new TreeSet<>(known.badCells());
    rows.addAll(badLines.badRows());
    cols.addAll(badLines.badCols());
    cells.addAll(stuck.siemensByCell().keySet());
    return new DefectMap(rows, cols, cells);
  }

  /** Throws {@link IllegalArgumentException} unless the calibration was taken on a board of this geometry. */
  public void checkFits(BoardSpec spec) {
    for (long key : new TreeSet<>(stuck.siemensByCell().keySet())) {
      int a = (int) (key >>> 40), r = (int) ((key >>> 20) & 0xfffff), c = (int) (key & 0xfffff);
      if (a >= spec.arrays() || r >= spec.rows() || c >= spec.cols())
        throw new IllegalArgumentException("calibration of '" + board + "' lists cell (" + a + "," + r + "," + c
            + ") outside the board's " + spec.arrays() + "x" + spec.rows() + "x" + spec.cols() + " arrays");
    }
    checkLines(badLines.badRows(), spec.arrays(), spec.rows(), "row", spec);
    checkLines(badLines.badCols(), spec.arrays(), spec.cols(), "column", spec);
  }

  private void checkLines(Set<Long> keys, int arrays, int lines, String what, BoardSpec spec) {
    for (long key : new TreeSet<>(keys)) {
      int a = (int) (key >>> 32), i = (int) key;
      if (a < 0 || a >= arrays || i < 0 || i >= lines)
        throw new IllegalArgumentException("calibration of '" + board + "' lists bad " + what + " " + i + " of array " + a + " outside the board's "
            + spec.arrays() + "x" + spec.rows() + "x" + spec.cols() + " arrays");
    }
  }
}
