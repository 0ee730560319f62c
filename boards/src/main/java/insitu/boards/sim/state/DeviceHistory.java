package insitu.boards.sim.state;

import insitu.boards.BoardSpec;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.Endurance;
import insitu.boards.sim.TelegraphNoise;
import insitu.numeric.random.GaussianSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What a board with device physics keeps per cell besides its conductance: the time and
 * relaxation draw of its last effective pulse, its pulse count and endurance, and its telegraph
 * trap. The arrays are shared with the physics that use them (pulses write them, reads and MVMs
 * read them); none of it enters the products' cache.
 */
public final class DeviceHistory {
  /** Time of the last effective pulse; NaN: never pulsed (long relaxed) or worn out. */
  public final double[][] lastPulseSeconds;
  /** The standard normal of each cell's relaxation, drawn at its last effective pulse. */
  public final double[][] relaxationZ;
  public final int[][] effectivePulses;
  /** Pulses (two per cycle) at which the cell sticks. */
  public final double[][] endurancePulses;
  public final boolean[][] trapped, trapHigh;

  private DeviceHistory(int arrays, int n) {
    lastPulseSeconds = new double[arrays][n];
    relaxationZ = new double[arrays][n];
    effectivePulses = new int[arrays][n];
    endurancePulses = new double[arrays][n];
    trapped = new boolean[arrays][n];
    trapHigh = new boolean[arrays][n];
    for (double[] t : lastPulseSeconds) java.util.Arrays.fill(t, Double.NaN);
  }

  /**
   * The history of fresh cells, drawn right after their conductances: first which cells carry a
   * telegraph trap and its state (with telegraph noise), then every cell's endurance.
   */
  public static DeviceHistory draw(BoardSpec spec, DeviceModel model, GaussianSource rng) {
    int arrays = spec.arrays(), n = spec.cellsPerArray();
    DeviceHistory h = new DeviceHistory(arrays, n);
    TelegraphNoise rtn = model.telegraph();
    if (!rtn.isNone())
      for (int a = 0; a < arrays; a++)
        for (int k = 0; k < n; k++)
          if (rng.uniform() < rtn.cellFraction()) {
            h.trapped[a][k] = true;
            h.trapHigh[a][k] = rng.uniform() < 0.5;
          }
    Endurance e = model.endurance();
    for (int a = 0; a < arrays; a++)
      for (int k = 0; k < n; k++)
        h.endurancePulses[a][k] = e.isNone() ? Double.POSITIVE_INFINITY : 2 * e.medianCycles() * StrictMath.exp(e.logSpread() * rng.gaussian());
    return h;
  }

  /** Per cell, array by array: last pulse time, relaxation draw, pulse count, trap state. */
  void writeTo(DataOutputStream out) throws IOException {
    for (int a = 0; a < lastPulseSeconds.length; a++)
      for (int k = 0; k < lastPulseSeconds[a].length; k++) {
        out.writeDouble(lastPulseSeconds[a][k]);
        out.writeDouble(relaxationZ[a][k]);
        out.writeInt(effectivePulses[a][k]);
        out.writeBoolean(trapHigh[a][k]);
      }
  }

  void readFrom(DataInputStream in) throws IOException {
    for (int a = 0; a < lastPulseSeconds.length; a++)
      for (int k = 0; k < lastPulseSeconds[a].length; k++) {
        lastPulseSeconds[a][k] = in.readDouble();
        relaxationZ[a][k] = in.readDouble();
        effectivePulses[a][k] = in.readInt();
        trapHigh[a][k] = in.readBoolean();
      }
  }
}
