package insitu.runtime.session;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.errors.UsageException;
import insitu.numeric.parallel.Workers;

/** Opens boards from the spec strings users give, a bad spec being a usage error. */
public final class Boards {
  private Boards() {}

  /** A simulated board runs on {@code workers}, which the caller closes after the board. */
  public static Board open(String spec, long seed, Workers workers) {
    try {
      return BoardOpener.open(spec, seed, workers);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A board that brings workers of its own and closes them with itself (for boards used briefly or handed to a user). */
  public static Board open(String spec, long seed) {
    try {
      return BoardOpener.open(spec, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
