package insitu.runtime.program;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulsePlan;

/**
 * Write-verify of some devices of one block to per-device target conductances (the rest are left
 * alone): read the touched tiles, SET the devices below their window at the gate the response
 * gives for the target, RESET-then-SET those above it, repeat. Used by in situ updates that move
 * a few pairs at a time, where {@link WriteVerifyProgrammer} (whole blocks, weight targets around
 * one centre) would touch everything.
 */
public record TargetWriter(GateResponse response, WriteVerifyOptions options) {
  /**
   * @param targets per tile, per device (the tile's row-major order): target siemens, or NaN to leave the device alone
   * @return pulses applied
   */
  public long write(CrossbarBlock block, double[][] targets) {
    long pulses = 0;
    int tiles = block.tileCount();
    double[][] g = new double[tiles][];
    int[][] count = new int[tiles][];
    double maxGate = Math.min(response.maxGateVolts(), block.board().spec().maxGateVolts());
    for (int it = 0; it < options.maxIterations(); it++) {
      PulsePlan plan = new PulsePlan(response);
      for (int t = 0; t < tiles; t++) {
        if (targets[t] == null) continue;
        if (g[t] == null) { g[t] = new double[targets[t].length]; count[t] = new int[targets[t].length]; }
        block.board().read(block.region(t), g[t]);
        int nc = block.region(t).colCount();
        for (int k = 0; k < targets[t].length; k++) {
          double target = targets[t][k];
          if (Double.isNaN(target) || Math.abs(g[t][k] - target) <= options.toleranceFor(target)) continue;
          boolean high = g[t][k] > target;
          if (count[t][k] + (high ? 2 : 1) > options.maxPulsesPerCell()) continue;
          int array = block.region(t).array(), row = block.region(t).row(k / nc), col = block.region(t).col(k % nc);
          double vg = Math.min(maxGate, response.gateFor(target));
          if (high) plan.reset(array, row, col);
          plan.set(array, row, col, vg);
          block.gateVolts(t)[k] = vg;
          count[t][k] += high ? 2 : 1;
        }
      }
      if (plan.hasNoSets()) break;
      pulses += plan.fire(block.board());
    }
    block.readBack();
    return pulses;
  }
}
