package insitu.boards.capability;

/**
 * Whether a board's products are exact per input vector: every vector's currents depend on that
 * vector and the conductances alone (no read noise drawn per command, no ADC range chosen for all
 * vectors of a batch, no traps or relaxation moving with the board's clock). On such a board, how
 * samples are grouped into batches changes no bit of any sample's outputs. A board that does not
 * offer this capability (one behind a link, whose firmware may auto-range per command) is assumed
 * not to be.
 */
public interface BatchInvariance extends BoardCapability {
  /** True when grouping vectors into batches cannot change any vector's product. */
  boolean productsPerVector();
}
