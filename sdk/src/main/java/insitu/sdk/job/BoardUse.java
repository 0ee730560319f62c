package insitu.sdk.job;

import insitu.boards.BoardCounters;

/** What a command asked of its board: pulses fired, cells read, vectors multiplied. */
public record BoardUse(long pulses, long reads, long mvmVectors) {
  static BoardUse of(BoardCounters c) {
    return new BoardUse(c.pulses(), c.cellReads(), c.mvmVectors());
  }
}
