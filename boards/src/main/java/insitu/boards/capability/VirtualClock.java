package insitu.boards.capability;

/** A board whose devices live on a clock of its own (a simulator): time can be let pass, e.g. to age programmed weights. */
public interface VirtualClock extends BoardCapability {
  /** Virtual seconds since the board was made: its own operations plus {@link #advanceTime}. */
  double nowSeconds();

  /** Lets virtual time pass with the board idle. */
  void advanceTime(double seconds);
}
