package insitu.runtime.train;

import insitu.boards.PulseKind;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulseBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's open-loop update (paper-spec §4.2): ΔV = voltsPerWeight·ΔW, +ΔV on the G⁺ device and
 * −ΔV on the G⁻ device; a device whose ΔV is negative is RESET first; then every device with
 * ΔV ≠ 0 is SET with Vg = clamp(Vg_last + ΔV).
 *
 * <p>With {@code fireThresholdVolts > 0} the ΔV of each weight is accumulated digitally and a pair
 * is pulsed only when its accumulated step reaches the threshold (accumulate-and-fire). That cuts
 * the pulses, and with them the write noise that each pulse adds. Threshold 0 is the paper's rule.
 */
public final class PaperTwoPulseUpdate implements UpdateRule {
  private final GateResponse response;
  private final double voltsPerWeight;
  private final double fireThresholdVolts;
  private final Map<String, double[]> pending = new HashMap<>();

  public PaperTwoPulseUpdate(GateResponse response, double voltsPerWeight, double fireThresholdVolts) {
    this.response = response;
    this.voltsPerWeight = voltsPerWeight;
    this.fireThresholdVolts = fireThresholdVolts;
  }

  @Override public String name() {
    return fireThresholdVolts > 0 ? "paper+accumulate(" + fireThresholdVolts + " V)" : "paper";
  }

  /** Accumulated, not yet applied gate steps per weight of a block (checkpointed with the rule). */
  public Map<String, double[]> pendingVolts() {
    return pending;
  }

  @Override public Map<String, double[]> state() {
    return pending;
  }

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    int n = deltaW.length;
    double[] acc = pending.computeIfAbsent(block.name(), k -> new double[n]);
    double[] fire = new double[n];
    boolean any = false;
    for (int w = 0; w < n; w++) {
      acc[w] += voltsPerWeight * deltaW[w];
      if (acc[w] != 0 && Math.abs(acc[w]) >= fireThresholdVolts) {
        fire[w] = acc[w];
        acc[w] = 0;
        any = true;
      }
    }
    if (!any) return;
    TreeMap<Integer, PulseBuilder> resets = new TreeMap<>(), sets = new TreeMap<>();
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      double dv = sign * fire[w];
      if (dv == 0) return;
      double[] gates = block.gateVolts(tile);
      if (dv < 0)
        resets.computeIfAbsent(array, a -> new PulseBuilder(a, PulseKind.RESET, response.resetVolts()))
            .add(row, col, response.resetGateVolts());
      double vg = response.clampGate(gates[local] + dv);
      gates[local] = vg;
      sets.computeIfAbsent(array, a -> new PulseBuilder(a, PulseKind.SET, response.setVolts())).add(row, col, vg);
    });
    for (PulseBuilder b : resets.values()) block.board().pulse(b.build());
    for (PulseBuilder b : sets.values()) block.board().pulse(b.build());
    block.readBack();
  }
}
