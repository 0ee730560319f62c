package insitu.boards.capability;

/** A board whose firmware tests its own cells. */
public interface SelfTest extends BoardCapability {
  /** Runs the board's self test; returns the number of failed cells. */
  long selfTest();
}
