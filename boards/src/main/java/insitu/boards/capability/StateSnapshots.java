package insitu.boards.capability;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A board whose whole state can be saved and restored (a simulator): a checkpoint then brings a
 * fresh board of the same spec, devices and seed back to exactly the moment it was taken.
 */
public interface StateSnapshots extends BoardCapability {
  /** Writes everything that changes as the board is used. */
  void writeState(DataOutputStream out) throws IOException;

  /** Restores what {@link #writeState} wrote; the board must have the same spec and devices. */
  void readState(DataInputStream in) throws IOException;
}
