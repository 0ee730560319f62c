package insitu.boards.sim.physics;

import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.Endurance;
import insitu.boards.sim.Relaxation;
import insitu.boards.sim.SwitchingDynamics;
import insitu.boards.sim.state.CellArrays;
import insitu.boards.sim.state.CellStatus;
import insitu.boards.sim.state.DeviceHistory;
import insitu.numeric.random.GaussianSource;

/**
 * Pulses under the model's switching, relaxation and endurance. Per effective pulse the draws
 * are, in order: the SET/RESET step noise (with switching), the write noise (if σ > 0), the
 * cell's new relaxation z (with relaxation). Stuck cells, pulses below threshold and SETs of
 * cells already at their compliance draw nothing. A cell that reaches its endurance sticks where
 * its last pulse left it and stops relaxing.
 */
public final class DevicePulses implements PulsePhysics {
  private final DeviceModel model;
  private final CellArrays cells;
  private final DeviceHistory history;
  private final Conductances conductances;
  private final GaussianSource rng;

  public DevicePulses(DeviceModel model, CellArrays cells, DeviceHistory history, GaussianSource rng) {
    this.model = model;
    this.cells = cells;
    this.history = history;
    this.conductances = new Conductances(model, cells, history);
    this.rng = rng;
  }

  @Override
  public void apply(PulseBatch b, double startSeconds) {
    int a = b.array(), cols = cells.cols();
    double[] gates = b.gateVolts();
    boolean set = b.kind() == PulseKind.SET;
    double overdrive = b.amplitudeVolts() - model.thresholdVolts(b.kind());
    boolean effective = overdrive >= 0;
    SwitchingDynamics sw = model.switching();
    Relaxation relax = model.relaxation();
    Endurance endurance = model.endurance();
    double sigma = model.writeNoiseSiemens(), pulseSeconds = model.timing().pulseSeconds();
    double setFraction = sw.setFraction(overdrive), resetFactor = sw.resetFactor(overdrive);
    for (int k = 0; k < b.size(); k++) {
      int idx = b.cellIndex(k, cols);
      double nowSeconds = startSeconds + k * pulseSeconds;
      if (!cells.responds(a, idx) || !effective) continue;
      double now = conductances.now(a, idx, nowSeconds), next;
      if (set) {
        if (gates[k] <= 0) continue; // transistor off: no current, no change
        double target = Conductances.clip(model, model.setTarget(gates[k]));
        if (sw.isNone()) next = model.setCannotLower() ? Math.max(now, target) : target;
        else if (now >= target) continue; // at compliance already: the transistor limits the current
        else next = now + setFraction * (target - now) * (1 + sw.setStepSigma() * rng.gaussian());
      } else if (sw.isNone()) {
        next = model.resetSiemens();
      } else {
        double hrs = model.resetSiemens();
        next = hrs + (now - hrs) * resetFactor * Math.max(0, 1 + sw.resetStepSigma() * rng.gaussian());
      }
      if (sigma > 0) next += sigma * rng.gaussian();
      double lo = model.minSiemens(), hi = model.maxSiemens();
      int done = ++history.effectivePulses[a][idx];
      double narrowing = endurance.narrowing(done / history.endurancePulses[a][idx]);
      if (narrowing > 0) {
        double shrink = narrowing * (hi - lo) / 2;
        lo += shrink;
        hi -= shrink;
      }
      cells.setSiemens(a, idx, next < lo ? lo : Math.min(next, hi));
      if (done >= history.endurancePulses[a][idx]) {
        cells.setStatus(a, idx, CellStatus.WORN);
        history.lastPulseSeconds[a][idx] = Double.NaN;
      } else if (!relax.isNone()) {
        history.relaxationZ[a][idx] = rng.gaussian();
        history.lastPulseSeconds[a][idx] = nowSeconds;
      }
    }
  }
}
