package insitu.runtime.train;

import insitu.runtime.crossbar.GateResponse;

/** {@link UpdateConfig.PaperTwoPulse}: every weight steps by ΔV = voltsPerWeight·ΔW, every batch. */
final class PaperTwoPulseRule extends GateStepRule {
  private final UpdateConfig.PaperTwoPulse config;

  PaperTwoPulseRule(GateResponse response, UpdateConfig.PaperTwoPulse config) {
    super(response);
    this.config = config;
  }

  @Override void steps(double[] deltaW, double[] volts) {
    for (int w = 0; w < deltaW.length; w++) volts[w] = config.voltsPerWeight() * deltaW[w];
  }

  @Override public String name() {
    return config.describe();
  }
}
