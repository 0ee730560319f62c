package insitu.boards.conformance;

import insitu.boards.BoardSpec;
import insitu.boards.PulseKind;
import java.util.ArrayList;
import java.util.List;

/** The devices as READ and PULSE see them: stable reads in the window, the right cell at the right place, SET up, RESET down. */
final class DeviceChecks {
  private static final double MICRO = 1e6;

  private DeviceChecks() {}

  static String stableReads(BoardUnderTest b) {
    BoardSpec s = b.spec();
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    ReadStatistics g = b.readStats(p.array(), rows, cols);
    double limit = b.options().maxReadNoiseFraction() * Tolerances.window(s), slack = Tolerances.sameCell(s, g.maxSigma());
    for (int i = 0; i < g.mean().length; i++) {
      double m = g.mean()[i];
      String cell = "a" + p.array() + "(" + rows[i / cols.length] + "," + cols[i % cols.length] + ")";
      if (m < s.minSiemens() - slack || m > s.maxSiemens() + slack)
        throw new CheckFailure(String.format("%s reads %.4g µS, outside INFO's window %.4g-%.4g µS", cell, m * MICRO, s.minSiemens() * MICRO,
            s.maxSiemens() * MICRO));
      if (g.sigma()[i] > limit)
        throw new CheckFailure(String.format("%s varies by σ = %.3g µS over %d reads, more than %.3g µS (%.1f%% of the window)", cell, g.sigma()[i] * MICRO,
            g.repeats(), limit * MICRO, 100 * b.options().maxReadNoiseFraction()));
    }
    return String.format("%d reads of %dx%d cells of array %d (rows %d.., cols %d..): σ <= %.3g µS (limit %.3g), all inside the window",
        g.repeats(), rows.length, cols.length, p.array(), rows[0], cols[0], g.maxSigma() * MICRO, limit * MICRO);
  }

  static String indexing(BoardUnderTest b) {
    CellPlan p = b.plan();
    int[] r = p.productRows(), c = p.productCols();
    int[] rows = {r[2], r[0], r[2], r[1]}, cols = {c[1], c[0]};
    double[] listed = b.read(p.array(), rows, cols);
    ReadStatistics g = b.readStats(p.array(), new int[] {r[0], r[1], r[2]}, new int[] {c[0], c[1]});
    double tol = Tolerances.sameCell(b.spec(), g.maxSigma());
    for (int i = 0; i < rows.length; i++)
      for (int j = 0; j < cols.length; j++) {
        double single = b.read(p.array(), new int[] {rows[i]}, new int[] {cols[j]})[0];
        double got = listed[i * cols.length + j];
        if (Math.abs(got - single) > tol)
          throw new CheckFailure(String.format("value %d of the listed READ (row %d, col %d) is %.4g µS; that cell alone reads %.4g µS", i * cols.length + j,
              rows[i], cols[j], got * MICRO, single * MICRO));
      }
    return String.format("READ of rows [%d,%d,%d,%d] × cols [%d,%d] matches 8 single-cell READs within %.3g µS", rows[0], rows[1], rows[2], rows[3],
        cols[0], cols[1], tol * MICRO);
  }

  static String setRaises(BoardUnderTest b) {
    return pulseChanges(b, PulseKind.SET);
  }

  static String resetLowers(BoardUnderTest b) {
    return pulseChanges(b, PulseKind.RESET);
  }

  private static String pulseChanges(BoardUnderTest b, PulseKind kind) {
    BoardSpec s = b.spec();
    List<Cell> cells = b.pulseCells();
    PulseKind first = kind == PulseKind.SET ? PulseKind.RESET : PulseKind.SET;
    b.pulse(first, cells);
    double[] before = b.readCells(cells);
    b.pulse(kind, cells);
    double[] after = b.readCells(cells);
    double effect = Tolerances.effect(s), slack = Tolerances.sameCell(s, 0) + effect / 10;
    List<String> moved = new ArrayList<>(), stuck = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String change = String.format("%s %.4g->%.4g µS", cells.get(i), before[i] * MICRO, after[i] * MICRO);
      if (after[i] < s.minSiemens() - slack || after[i] > s.maxSiemens() + slack)
        throw new CheckFailure(kind + " left " + change + ", outside INFO's window");
      double delta = kind == PulseKind.SET ? after[i] - before[i] : before[i] - after[i];
      (delta > effect ? moved : stuck).add(change);
    }
    if (moved.size() < cells.size() - 1 || moved.isEmpty())
      throw new CheckFailure(String.format("the largest %s (%.3g V, gate %.3g V) moved only %d of %d cells by more than %.3g µS: %s", kind,
          kind == PulseKind.SET ? s.maxSetVolts() : s.maxResetVolts(), s.maxGateVolts(), moved.size(), cells.size(), effect * MICRO, String.join(", ", stuck)));
    return String.format("%s (%.3g V, gate %.3g V): %s%s", kind, kind == PulseKind.SET ? s.maxSetVolts() : s.maxResetVolts(), s.maxGateVolts(),
        String.join(", ", moved), stuck.isEmpty() ? "" : "; possibly stuck: " + String.join(", ", stuck));
  }
}
