package insitu.runtime.train;

import insitu.boards.PulseKind;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulseBuilder;
import java.util.TreeMap;

/**
 * Sign ("Manhattan") updates: each weight whose |ΔW| exceeds a threshold moves one fixed gate
 * step in the direction of its sign, regardless of the magnitude. Robust to device nonlinearity;
 * the step size plays the role of the learning rate.
 */
public final class ManhattanUpdate implements UpdateRule {
  private final GateResponse response;
  private final double stepVolts;
  private final double thresholdWeight;

  public ManhattanUpdate(GateResponse response, double stepVolts, double thresholdWeight) {
    this.response = response;
    this.stepVolts = stepVolts;
    this.thresholdWeight = thresholdWeight;
  }

  @Override public String name() {
    return "manhattan(" + stepVolts + " V)";
  }

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    TreeMap<Integer, PulseBuilder> resets = new TreeMap<>(), sets = new TreeMap<>();
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      if (Math.abs(deltaW[w]) <= thresholdWeight) return;
      double dv = sign * Math.signum(deltaW[w]) * stepVolts;
      double[] gates = block.gateVolts(tile);
      if (dv < 0)
        resets.computeIfAbsent(array, a -> new PulseBuilder(a, PulseKind.RESET, response.resetVolts()))
            .add(row, col, response.resetGateVolts());
      gates[local] = response.clampGate(gates[local] + dv);
      sets.computeIfAbsent(array, a -> new PulseBuilder(a, PulseKind.SET, response.setVolts())).add(row, col, gates[local]);
    });
    if (sets.isEmpty()) return;
    for (PulseBuilder b : resets.values()) block.board().pulse(b.build());
    for (PulseBuilder b : sets.values()) block.board().pulse(b.build());
    block.readBack();
  }
}
