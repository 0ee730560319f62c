package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import java.util.Map;

/** {@link UpdateConfig.AccumulateAndFire}: the inner rule's gate steps, summed until they reach the threshold. */
final class AccumulateAndFireRule implements UpdateRule {
  private final GateStepRule inner;
  private final Accumulator accumulator;
  private final String name;

  AccumulateAndFireRule(GateStepRule inner, double thresholdVolts, String name) {
    this.inner = inner;
    this.accumulator = new Accumulator(thresholdVolts);
    this.name = name;
  }

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    double[] volts = new double[deltaW.length];
    inner.steps(deltaW, volts);
    double[] fire = accumulator.add(block.name(), volts);
    if (fire != null) GateSteps.fire(block, inner.response, fire);
  }

  @Override public String name() {
    return name;
  }

  /** The summed, not yet fired gate steps per block. */
  @Override public Map<String, double[]> state() {
    return accumulator.pending();
  }

  @Override public void restore(Map<String, double[]> saved) {
    accumulator.restore(saved);
  }
}
