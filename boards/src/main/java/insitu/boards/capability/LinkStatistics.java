package insitu.boards.capability;

/** A board behind a link that counts what the link went through. */
public interface LinkStatistics extends BoardCapability {
  /** Resends, losses, resets seen, bytes and part sizes since the board was opened. */
  LinkCounters linkCounters();
}
