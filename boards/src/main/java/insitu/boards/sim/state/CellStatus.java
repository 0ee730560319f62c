package insitu.boards.sim.state;

/** Whether a cell responds to pulses; the ordinal is the byte a state snapshot stores. */
public enum CellStatus {
  /** Works. */
  OK,
  /** Stuck at the lowest conductance, unknown to the host. */
  STUCK_OFF,
  /** Stuck at the model's stuck-on conductance, unknown to the host. */
  STUCK_ON,
  /** A defect the board's spec lists: held at the lowest conductance. */
  DEAD,
  /** Worn out by cycling: stuck where its last pulse left it. */
  WORN
}
