package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import java.util.Map;

/** Turns a desired weight change into pulses on a crossbar block; made from an {@link UpdateConfig} by {@link UpdateRules}. */
public interface UpdateRule {
  /**
   * Applies ΔW (outputs × inputs, in weight units, already scaled by the optimizer) to the block.
   * Implementations read back what they touched so the block's weights stay the measured ones.
   */
  void apply(CrossbarBlock block, double[] deltaW);

  /** The rule's name in reports ({@link UpdateConfig#describe()}). */
  String name();

  /** Digital state the rule keeps between updates (e.g. accumulated steps), per block, live, for checkpoints. */
  default Map<String, double[]> state() {
    return Map.of();
  }

  /** Puts saved state back; a rule that keeps none accepts only sums that are all zero. */
  default void restore(Map<String, double[]> saved) {
    for (var e : saved.entrySet())
      for (double v : e.getValue())
        if (v != 0) throw new IllegalArgumentException("saved state has pending steps for '" + e.getKey() + "', which rule " + name() + " does not keep");
  }
}
