package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulsePlan;

/**
 * The open-loop gate step of the paper (paper-spec §4.2), shared by every rule that moves gates:
 * weight w's step ΔV goes +ΔV onto its G⁺ devices and −ΔV onto its G⁻ devices; a device whose
 * step is negative is RESET first, then every device with a step is SET at clamp(Vg_last + step).
 */
final class GateSteps {
  private GateSteps() {}

  /**
   * Fires {@code volts} (per weight, outputs × inputs; 0 leaves a weight alone) and reads the block
   * back if anything was pulsed.
   */
  static void fire(CrossbarBlock block, GateResponse response, double[] volts) {
    PulsePlan plan = new PulsePlan(response);
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      double dv = sign * volts[w];
      if (dv == 0) return;
      double[] gates = block.gateVolts(tile);
      if (dv < 0) plan.reset(array, row, col);
      double vg = response.clampGate(gates[local] + dv);
      gates[local] = vg;
      plan.set(array, row, col, vg);
    });
    if (plan.hasNoSets()) return;
    plan.fire(block.board());
    block.readBack();
  }
}
