package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;

/** Turns a desired weight change into pulses on a crossbar block. */
public interface UpdateRule {
  /**
   * Applies ΔW (outputs × inputs, in weight units, already scaled by the optimizer) to the block.
   * Implementations read back what they touched so the block's weights stay the measured ones.
   */
  void apply(CrossbarBlock block, double[] deltaW);

  String name();

  /** Digital state the rule keeps between updates (e.g. accumulated gate steps), live, for checkpoints. */
  default java.util.Map<String, double[]> state() {
    return java.util.Map.of();
  }
}
