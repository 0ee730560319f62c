package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;

/**
 * A rule whose update is an open-loop gate step per weight, fired by {@link GateSteps}: the paper's
 * two-pulse rule and Manhattan steps, and what accumulate-and-fire sums.
 */
final class GateStepRule implements UpdateRule {
  /** The gate step of each weight (volts, for its G⁺ devices; 0 leaves it alone) for a weight change ΔW. */
  @FunctionalInterface
  interface Steps {
    void of(double[] deltaW, double[] volts);
  }

  final GateResponse response;
  private final String name;
  private final Steps steps;

  GateStepRule(GateResponse response, String name, Steps steps) {
    this.response = response;
    this.name = name;
    this.steps = steps;
  }

  void steps(double[] deltaW, double[] volts) {
    steps.of(deltaW, volts);
  }

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    double[] volts = new double[deltaW.length];
    steps(deltaW, volts);
    GateSteps.fire(block, response, volts);
  }

  @Override public String name() {
    return name;
  }
}
