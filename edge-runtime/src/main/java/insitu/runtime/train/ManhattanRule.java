package insitu.runtime.train;

import insitu.runtime.crossbar.GateResponse;

/** {@link UpdateConfig.Manhattan}: one fixed gate step in the direction of ΔW's sign, for |ΔW| above the threshold. */
final class ManhattanRule extends GateStepRule {
  private final UpdateConfig.Manhattan config;

  ManhattanRule(GateResponse response, UpdateConfig.Manhattan config) {
    super(response);
    this.config = config;
  }

  @Override void steps(double[] deltaW, double[] volts) {
    for (int w = 0; w < deltaW.length; w++)
      volts[w] = Math.abs(deltaW[w]) <= config.thresholdWeight() ? 0 : Math.signum(deltaW[w]) * config.stepVolts();
  }

  @Override public String name() {
    return config.describe();
  }
}
