package insitu.runtime.program;

import insitu.boards.PulseKind;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulseBuilder;
import java.util.TreeMap;

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
    double center = response.conductanceAt(vg0);
    double half = block.siemensPerWeight() / 2;
    TreeMap<Integer, PulseBuilder> resets = new TreeMap<>(), sets = new TreeMap<>();
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      double g = weights == null ? center : center + sign * weights[w] * half;
      double vg = response.gateFor(g);
      resets.computeIfAbsent(array, a -> new PulseBuilder(a, PulseKind.RESET, response.resetVolts()))
          .add(row, col, response.resetGateVolts());
      sets.computeIfAbsent(array, a -> new PulseBuilder(a, PulseKind.SET, response.setVolts())).add(row, col, vg);
      block.gateVolts(tile)[local] = vg;
    });
    for (PulseBuilder b : resets.values()) block.board().pulse(b.build());
    for (PulseBuilder b : sets.values()) block.board().pulse(b.build());
    block.readBack();
  }
}
