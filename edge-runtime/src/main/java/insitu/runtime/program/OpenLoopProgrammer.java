package insitu.runtime.program;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.DifferentialEncoding;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulsePlan;

/**
 * One-shot programming: RESET every device of a block, then SET it with the gate voltage whose
 * nominal conductance encodes the target. The paper's initialization is the special case of all
 * weights zero (every device SET at Vg0).
 */
public final class OpenLoopProgrammer {
  private final GateResponse response;

  public OpenLoopProgrammer(GateResponse response) {
    this.response = response;
  }

  /** The paper's initialization: RESET all devices, SET all at {@code vg0}, read back. */
  public void initializeUniform(CrossbarBlock block, double vg0) {
    program(block, null, vg0);
  }

  /**
   * Programs target weights (outputs × inputs) around a centre gate voltage: G± = f(vg0) ± w·ratio/2.
   */
  public void programWeights(CrossbarBlock block, double[] weights, double vg0) {
    program(block, weights, vg0);
  }

  private void program(CrossbarBlock block, double[] weights, double vg0) {
    if (weights != null) block.encoding().checkWeights(weights);
    double center = response.conductanceAt(vg0);
    DifferentialEncoding encoding = block.encoding();
    PulsePlan plan = new PulsePlan(response);
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      double vg = response.gateFor(weights == null ? center : encoding.target(center, sign, weights[w]));
      plan.reset(array, row, col);
      plan.set(array, row, col, vg);
      block.gateVolts(tile)[local] = vg;
    });
    plan.fire(block.board());
    block.readBack();
  }
}
