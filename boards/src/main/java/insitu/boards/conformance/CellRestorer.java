package insitu.boards.conformance;

import insitu.boards.PulseKind;
import insitu.boards.protocol.Message.PulseRequest;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the pulse cells back where a check found them, by write-verify: each round RESETs the cells
 * and SETs them with a gate voltage bisected towards each cell's old conductance (a SET's
 * compliance grows with its gate), keeping the best gate seen; finally each cell is programmed
 * with its best gate. Devices without a gate-controlled SET end as close as RESET alone gets them.
 */
final class CellRestorer {
  private static final int ROUNDS = 8;

  private CellRestorer() {}

  /** Restores the cells; returns the largest distance left from the old values, in siemens. */
  static double restore(BoardUnderTest b, List<Cell> cells, double[] targets) {
    int n = cells.size();
    double maxGate = b.spec().maxGateVolts();
    double[] lo = new double[n], hi = new double[n], best = new double[n], bestErr = new double[n];
    Arrays.fill(hi, maxGate);
    Arrays.fill(best, -1); // -1: RESET alone is best
    b.pulse(PulseKind.RESET, cells);
    double[] g = b.readCells(cells);
    for (int i = 0; i < n; i++) bestErr[i] = Math.abs(g[i] - targets[i]);
    for (int round = 0; round < ROUNDS; round++) {
      double[] gates = new double[n];
      for (int i = 0; i < n; i++) gates[i] = (lo[i] + hi[i]) / 2;
      b.pulse(PulseKind.RESET, cells);
      b.pulse(withGates(b.pulseRequest(PulseKind.SET, cells, 0), gates));
      g = b.readCells(cells);
      for (int i = 0; i < n; i++) {
        double err = Math.abs(g[i] - targets[i]);
        if (err < bestErr[i]) {
          bestErr[i] = err;
          best[i] = gates[i];
        }
        if (g[i] < targets[i]) lo[i] = gates[i];
        else hi[i] = gates[i];
      }
    }
    b.pulse(PulseKind.RESET, cells);
    double[] finalGates = new double[n];
    boolean anySet = false;
    for (int i = 0; i < n; i++) {
      finalGates[i] = Math.max(0, best[i]);
      anySet |= best[i] >= 0;
    }
    if (anySet) b.pulse(withGates(b.pulseRequest(PulseKind.SET, cells, 0), finalGates));
    g = b.readCells(cells);
    double worst = 0;
    for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(g[i] - targets[i]));
    return worst;
  }

  private static PulseRequest withGates(PulseRequest p, double[] gates) {
    return new PulseRequest(p.commandId(), p.totalCells(), p.firstCell(), p.array(), p.kind(), p.amplitudeVolts(), p.rows(), p.cols(), gates);
  }
}
