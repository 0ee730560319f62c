package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;

/** A rule whose update is an open-loop gate step per weight ({@link GateSteps}): what accumulate-and-fire sums. */
abstract class GateStepRule implements UpdateRule {
  final GateResponse response;

  GateStepRule(GateResponse response) {
    this.response = response;
  }

  /** The gate step of each weight (volts, for its G⁺ devices; 0 leaves it alone) for a weight change ΔW. */
  abstract void steps(double[] deltaW, double[] volts);

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    double[] volts = new double[deltaW.length];
    steps(deltaW, volts);
    GateSteps.fire(block, response, volts);
  }
}
