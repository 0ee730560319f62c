package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.capability.BatchInvariance;
import insitu.boards.capability.StateSnapshots;
import insitu.errors.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the SDK needs to know of a board beyond the {@link Board} interface: whether it keeps its
 * whole state in this process (so a checkpoint can carry it) and whether its products are exact
 * per vector, both asked of the board as capabilities.
 */
public final class BoardAbilities {
  private BoardAbilities() {}

  /** The board's complete state (conductances, clock, generator, counters), or null for a board that keeps its own. */
  public static byte[] saveState(Board b) {
    StateSnapshots sim = b.capability(StateSnapshots.class).orElse(null);
    if (sim == null) return null;
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(buf)) {
        sim.writeState(out);
      }
      return buf.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
  }

  /**
   * Puts a state from {@link #saveState} back (nothing for null). {@code where} names the
   * checkpoint's directory in errors.
   */
  public static void restoreState(Board b, byte[] state, Path where) {
    if (state == null) return;
    StateSnapshots sim = b.capability(StateSnapshots.class).orElse(null);
    if (sim == null)
      throw new BadInputException("the checkpoint in " + where + " was taken on a simulated board; resume it on the same board");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      sim.readState(in);
    } catch (IOException e) {
      throw new BadInputException("checkpoint in " + where + ": simulated board state does not fit: " + e.getMessage(), e);
    }
  }

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
