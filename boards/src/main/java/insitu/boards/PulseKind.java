package insitu.boards;

/** The two programming operations of a 1T1R cell. */
public enum PulseKind {
  /** Voltage on the column (bit line), row grounded; the gate voltage sets the compliance and so the final conductance. */
  SET,
  /** Voltage on the row (source line), column grounded; the gate is driven fully on. */
  RESET
}
