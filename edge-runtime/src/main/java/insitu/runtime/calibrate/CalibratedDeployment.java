package insitu.runtime.calibrate;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.program.PairSumTargets;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.program.WriteVerifyProgrammer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defect-aware mapping and programming from a {@link Calibration}.
 *
 * <p>Mapping: {@link CalibratedMapping} (bad lines left out, spare capacity turned into averaged
 * copies of every weight, rows and columns placed so the stuck devices under the tiles do the
 * least harm).
 *
 * <p>Programming targets each weight's sum over its devices ({@link PairSumTargets}), not each
 * device: the free devices of a weight absorb its stuck ones (known from the calibration). A
 * second pass does the same for devices that failed to converge in the first (stuck cells the
 * self-test missed, devices whose target lay beyond their reach): they are left where they
 * landed and the rest of their weight is re-targeted around them.
 */
public final class CalibratedDeployment {
  /** Programming passes at most: the first, then re-targeting around devices that failed. */
  static final int PASSES = 3;

  private CalibratedDeployment() {}

  /** A mapped deployment and what the mapping did about defects. */
  public record Mapped(Deployment deployment, BoardSpec target, String defects) {}

  public static Mapped map(Board board, Workers workers, Graph graph, Calibration c) {
    c.checkFits(board.spec());
    CalibratedMapping.Result r = CalibratedMapping.place(graph, board.spec(), c);
    return new Mapped(new Deployment(board, workers, graph, r.placement()), r.target(), r.describe());
  }

  /** Programs the graph's weights with write-verify, each weight's devices compensating its stuck ones. */
  public static ProgramReport programWriteVerify(Deployment d, Calibration c) {
    return programWriteVerify(d, c, DriftCompensator.intended(d));
  }

  /** Programs the given weights (per block, outputs × inputs) with write-verify, compensating stuck devices. */
  public static ProgramReport programWriteVerify(Deployment d, Calibration c, Map<String, double[]> weights) {
    long t0 = System.nanoTime();
    WriteVerifyOptions options = c.writeVerifyOptions();
    WriteVerifyProgrammer programmer = new WriteVerifyProgrammer(c.gateResponse(), options);
    Map<Long, Double> stuck = c.stuckSiemensByCell();
    double lo = c.windowLowSiemens(), hi = c.windowHighSiemens(), center = c.centerSiemens();
    List<CrossbarBlock> blocks = List.copyOf(d.blocks().values());
    // Final target of every device (NaN: known stuck, never pulsed), per block and tile.
    Map<CrossbarBlock, double[][]> target = new LinkedHashMap<>();
    for (CrossbarBlock b : blocks)
      target.put(b, PairSumTargets.program(b, weights.get(b.name()), center, lo, hi, (t, l, a, r, col) -> stuck.getOrDefault(DefectMap.cellKey(a, r, col), Double.NaN)));
    ProgramReport first = programmer.programDevices(target);
    long pulses = first.pulses();
    int rounds = first.iterations();
    Map<CrossbarBlock, double[][]> now = readAll(blocks);
    Map<CrossbarBlock, boolean[][]> fixed = new LinkedHashMap<>();
    for (CrossbarBlock b : blocks) {
      double[][] want = target.get(b);
      boolean[][] f = new boolean[want.length][];
      for (int t = 0; t < want.length; t++) {
        f[t] = new boolean[want[t].length];
        for (int l = 0; l < f[t].length; l++) f[t][l] = Double.isNaN(want[t][l]);
      }
      fixed.put(b, f);
    }
    for (int pass = 1; pass < PASSES; pass++) {
      Map<CrossbarBlock, double[][]> redo = new LinkedHashMap<>();
      for (CrossbarBlock b : blocks) {
        double[][] want = target.get(b), g = now.get(b);
        boolean[][] f = fixed.get(b);
        // A device that missed its window stays where it landed from now on; its weight is re-targeted around it.
        boolean[] failed = new boolean[b.outputs() * b.inputs()];
        boolean[] any = {false};
        b.forEachDevice((t, l, a, r, col, w, sign) -> {
          if (!f[t][l] && Math.abs(g[t][l] - want[t][l]) > options.toleranceFor(want[t][l])) {
            f[t][l] = true;
            failed[w] = true;
            any[0] = true;
          }
        });
        if (!any[0]) continue;
        double[][] next = PairSumTargets.program(b, weights.get(b.name()), center, lo, hi, (t, l, a, r, col) -> f[t][l] ? g[t][l] : Double.NaN);
        b.forEachDevice((t, l, a, r, col, w, sign) -> {
          if (!failed[w]) next[t][l] = Double.NaN;
          else if (!Double.isNaN(next[t][l])) want[t][l] = next[t][l];
        });
        redo.put(b, next);
      }
      if (redo.isEmpty()) break;
      ProgramReport r = programmer.programDevices(redo);
      pulses += r.pulses();
      rounds += r.iterations();
      now = readAll(blocks);
    }
    // The verdict: every free device against its final target; known stuck devices count as stuck.
    int cells = 0, converged = 0, knownStuck = 0;
    double sum = 0, max = 0;
    for (CrossbarBlock b : blocks) {
      double[][] want = target.get(b), g = now.get(b);
      for (int t = 0; t < want.length; t++)
        for (int l = 0; l < want[t].length; l++) {
          cells++;
          if (Double.isNaN(want[t][l])) {
            knownStuck++;
            continue;
          }
          double e = Math.abs(g[t][l] - want[t][l]);
          sum += e;
          max = Math.max(max, e);
          if (e <= options.toleranceFor(want[t][l])) converged++;
        }
      b.readBack();
    }
    int programmed = cells - knownStuck;
    return new ProgramReport(cells, converged, cells - converged, knownStuck + first.stuck(), pulses, rounds,
        programmed == 0 ? 0 : sum / programmed, max, options.toleranceSiemens(), (System.nanoTime() - t0) / 1e9);
  }

  private static Map<CrossbarBlock, double[][]> readAll(List<CrossbarBlock> blocks) {
    Map<CrossbarBlock, double[][]> m = new LinkedHashMap<>();
    for (CrossbarBlock b : blocks) {
      double[][] g = new double[b.tileCount()][];
      for (int t = 0; t < g.length; t++) {
        g[t] = new double[b.region(t).cellCount()];
        b.board().read(b.region(t), g[t]);
      }
      m.put(b, g);
    }
    return m;
  }
}
