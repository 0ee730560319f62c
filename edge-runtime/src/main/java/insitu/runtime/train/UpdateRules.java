package insitu.runtime.train;

import insitu.runtime.crossbar.GateResponse;

/** The one factory of update rules: a typed configuration and the devices' believed SET response give the rule. */
public final class UpdateRules {
  private UpdateRules() {}

  /** The rule of {@code config}, moving gates as {@code response} says the devices answer. */
  public static UpdateRule create(UpdateConfig config, GateResponse response) {
    if (config instanceof UpdateConfig.AccumulateAndFire a)
      return new AccumulateAndFireRule(gateSteps(a.inner(), response), a.thresholdVolts(), a.describe());
    if (config instanceof UpdateConfig.WriteVerify w) return new WriteVerifyRule(response, w);
    return gateSteps(config, response);
  }

  private static GateStepRule gateSteps(UpdateConfig config, GateResponse response) {
    // The paper's rule: ΔV = voltsPerWeight·ΔW for every weight, every batch.
    if (config instanceof UpdateConfig.PaperTwoPulse p) return new GateStepRule(response, p.describe(), (deltaW, volts) -> {
      for (int w = 0; w < deltaW.length; w++) volts[w] = p.voltsPerWeight() * deltaW[w];
    });
    // Manhattan: one fixed step in the direction of ΔW's sign, for |ΔW| above the threshold.
    if (config instanceof UpdateConfig.Manhattan m) return new GateStepRule(response, m.describe(), (deltaW, volts) -> {
      for (int w = 0; w < deltaW.length; w++)
        volts[w] = Math.abs(deltaW[w]) <= m.thresholdWeight() ? 0 : Math.signum(deltaW[w]) * m.stepVolts();
    });
    throw new IllegalArgumentException(config.describe() + " does not move gates by steps");
  }
}
