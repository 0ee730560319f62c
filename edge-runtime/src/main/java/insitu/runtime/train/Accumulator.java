package insitu.runtime.train;

import java.util.HashMap;
import java.util.Map;

/**
 * Accumulate-and-fire: sums each weight's steps digitally and releases a weight's sum once it
 * reaches the threshold (then starts it again from zero). Fewer, larger pulses: less of the write
 * noise each pulse adds. The sums are the rule's state, checkpointed with the trainer.
 */
final class Accumulator {
  private final double threshold;
  private final Map<String, double[]> pending = new HashMap<>();

  Accumulator(double threshold) {
    this.threshold = threshold;
  }

  /**
   * Adds a block's steps (outputs × inputs) to its sums; returns the sums that reached the
   * threshold (zero elsewhere), or null when none did.
   */
  double[] add(String block, double[] steps) {
    int n = steps.length;
    double[] acc = pending.computeIfAbsent(block, k -> new double[n]);
    double[] fire = new double[n];
    boolean any = false;
    for (int w = 0; w < n; w++) {
      acc[w] += steps[w];
      if (acc[w] != 0 && Math.abs(acc[w]) >= threshold) {
        fire[w] = acc[w];
        acc[w] = 0;
        any = true;
      }
    }
    return any ? fire : null;
  }

  /** The sums not yet fired, per block (live). */
  Map<String, double[]> pending() {
    return pending;
  }

  /** Replaces the sums with copies of saved ones. */
  void restore(Map<String, double[]> saved) {
    pending.clear();
    for (var e : saved.entrySet()) pending.put(e.getKey(), e.getValue().clone());
  }
}
