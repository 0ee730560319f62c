package insitu.boards.serial;

import insitu.errors.BoardException;

/**
 * The board answered with a new boot epoch: it reset while a command was in flight. The command's
 * outcome is unknown; the caller must recover (see docs/board-protocol.md, "Recovery rules").
 */
public final class EpochChangedException extends BoardException {
  private final long oldEpoch, newEpoch;

  public EpochChangedException(long oldEpoch, long newEpoch) {
    super("board reset: boot epoch changed from " + Long.toHexString(oldEpoch) + " to " + Long.toHexString(newEpoch));
    this.oldEpoch = oldEpoch;
    this.newEpoch = newEpoch;
  }

  public long oldEpoch() { return oldEpoch; }
  public long newEpoch() { return newEpoch; }
}
