package insitu.boards.sim.state;

import insitu.numeric.random.GaussianSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A simulated board's whole changing state as bytes: conductances and cell states, the device
 * history (with device physics), counters, clock and generator. A board built with the same spec,
 * model and seed that reads them is back at exactly the moment they were written.
 */
public final class StateCodec {
  private static final int FORMAT = 1;

  private StateCodec() {}

  /** @param history null for a board without device physics */
  public static void write(DataOutputStream out, CellArrays cells, DeviceHistory history, Meter meter, GaussianSource rng) throws IOException {
    out.writeInt(FORMAT);
    out.writeInt(cells.arrays());
    out.writeInt(cells.cellsPerArray());
    cells.writeTo(out);
    out.writeBoolean(history != null);
    if (history != null) history.writeTo(out);
    meter.writeTo(out);
    GaussianSource.State r = rng.snapshot();
    out.writeLong(r.state());
    out.writeDouble(r.spare());
    out.writeBoolean(r.hasSpare());
  }

  /** Restores what {@link #write} wrote; the parts must be those of a board of the same size and device family. */
  public static void read(DataInputStream in, CellArrays cells, DeviceHistory history, Meter meter, GaussianSource rng) throws IOException {
    if (in.readInt() != FORMAT) throw new IOException("unknown simulated-board state format");
    if (in.readInt() != cells.arrays() || in.readInt() != cells.cellsPerArray())
      throw new IOException("saved board state is for a board of another size");
    cells.readFrom(in);
    if (in.readBoolean() != (history != null)) throw new IOException("saved board state is for another device model");
    if (history != null) history.readFrom(in);
    meter.readFrom(in);
    rng.restore(new GaussianSource.State(in.readLong(), in.readDouble(), in.readBoolean()));
  }
}
