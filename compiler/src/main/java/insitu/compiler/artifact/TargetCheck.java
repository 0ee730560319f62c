package insitu.compiler.artifact;

import insitu.boards.BoardSpec;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;

/**
 * Whether a compiled placement can be used as is on a given board: same array geometry, every
 * tile on an array the board has, and no device on a cell the board reports as bad. The board's
 * name and device physics do not matter; a real board and its simulator share placements.
 */
public final class TargetCheck {
  private TargetCheck() {}

  /** Null when the placement fits the board, else why not (one phrase). */
  public static String problem(Placement p, BoardSpec board) {
    if (p.rows() != board.rows() || p.cols() != board.cols())
      return "compiled for " + p.rows() + "x" + p.cols() + " arrays, the board has " + board.rows() + "x" + board.cols();
    for (BlockPlacement b : p.blocks())
      for (Tile t : b.tiles()) {
        if (t.array() >= board.arrays()) return "'" + b.weight() + "' is placed on array " + t.array() + " but the board has " + board.arrays();
        for (int r : t.rows())
          for (int c : t.cols())
            if (board.defects().isBadCell(t.array(), r, c))
              return "'" + b.weight() + "' uses cell (" + t.array() + "," + r + "," + c + "), which this board reports as bad";
      }
    return null;
  }
}
