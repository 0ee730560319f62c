package insitu.boards.sim.physics;

import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.state.CellArrays;
import insitu.numeric.random.GaussianSource;

/**
 * Pulses of the paper's and the ideal devices: a SET above threshold jumps to the gate's
 * compliance target (never lowering the conductance under {@code setCannotLower}), a RESET to the
 * reset level, each plus Gaussian write noise, clipped to the device's range. Every pulse draws
 * its noise, effective or not, so the draws do not depend on which cells are stuck.
 */
public record PaperPulses(DeviceModel model, CellArrays cells, GaussianSource rng) implements PulsePhysics {
  @Override
  public void apply(PulseBatch b, double startSeconds) {
    int a = b.array(), cols = cells.cols();
    double[] gates = b.gateVolts();
    boolean set = b.kind() == PulseKind.SET;
    boolean effective = b.amplitudeVolts() >= model.thresholdVolts(b.kind());
    double sigma = model.writeNoiseSiemens();
    for (int k = 0; k < b.size(); k++) {
      int idx = b.cellIndex(k, cols);
      double noise = sigma > 0 ? sigma * rng.gaussian() : 0;
      if (!cells.responds(a, idx) || !effective) continue;
      double next;
      if (set) {
        if (gates[k] <= 0) continue; // transistor off: no current, no change
        double target = model.setTarget(gates[k]);
        next = model.setCannotLower() ? Math.max(cells.siemens(a, idx), target) : target;
      } else {
        next = model.resetSiemens();
      }
      cells.setSiemens(a, idx, Conductances.clip(model, next + noise));
    }
  }
}
