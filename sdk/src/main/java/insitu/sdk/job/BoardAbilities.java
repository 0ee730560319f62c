package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.capability.BatchInvariance;

/** What the SDK needs to know of a board beyond the {@link Board} interface, asked of the board as a capability. */
public final class BoardAbilities {
  private BoardAbilities() {}

  /**
   * True when every input vector's product depends on that vector and the conductances alone: no
   * read noise drawn from the board's generator, no ADC range chosen per command for all vectors
   * of a batch, no traps or relaxation moving with the board's clock. On such a board, how samples
   * are grouped into batches changes no bit of any sample's outputs. A board behind a link is
   * assumed not to be (its firmware may auto-range per command).
   */
  public static boolean productsPerVector(Board b) {
    return b.capability(BatchInvariance.class).map(BatchInvariance::productsPerVector).orElse(false);
  }
}
