package insitu.runtime.program;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

class PairSumTargetsTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  static final double LO = 1, HI = 40; // any unit: the arithmetic is linear

  private static double sum(int[] sign, double[] g) {
    double s = 0;
    for (int k = 0; k < g.length; k++) s += sign[k] * g[k];
    return s;
  }

  @Test void theFreePartnerOfAStuckDeviceTakesTheWholeWeight() {
    int[] sign = {1, -1};
    // Wanted G⁺ − G⁻ = 10 with G⁺ stuck at 40: G⁻ must go to 30.
    double[] g = PairSumTargets.solve(sign, new double[] {40, 15}, new boolean[] {true, false}, 10, LO, HI);
    assertArrayEquals(new double[] {40, 30}, g, 1e-12);
  }

  @Test void theFreeDevicesOfAllCopiesShareTheError() {
    int[] sign = {1, -1, 1, -1};
    // Two copies of w (wanted sum 2·10 = 20) around 20 ± 5; G⁺ of copy 1 stuck at 40 (15 too high).
    double[] start = {40, 15, 25, 15};
    double[] g = PairSumTargets.solve(sign, start, new boolean[] {true, false, false, false}, 20, LO, HI);
    assertEquals(20, sum(sign, g), 1e-12);
    assertEquals(40, g[0]);
    assertEquals(15 + 5, g[1], 1e-12);
    assertEquals(25 - 5, g[2], 1e-12);
    assertEquals(15 + 5, g[3], 1e-12);
  }

  @Test void aDeviceAtTheWindowEdgeLeavesTheRestToTheOthers() {
    int[] sign = {1, -1, 1, -1};
    double[] start = {38, 20, 20, 20};
    // Raise the sum by 12: an even share is +3 each, but G⁺₁ can only go 2 up.
    double[] g = PairSumTargets.solve(sign, start, new boolean[4], 30, LO, HI);
    assertEquals(30, sum(sign, g), 1e-12);
    assertEquals(HI, g[0], 1e-12);
    for (double v : g) assertTrue(v >= LO && v <= HI);
  }

  @Test void allFreeDevicesKeepTheUsualTargets() {
    int[] sign = {1, -1};
    double[] g = PairSumTargets.solve(sign, new double[] {25, 15}, new boolean[2], 10, LO, HI);
    assertArrayEquals(new double[] {25, 15}, g, 1e-12);
  }

  @Test void blockTargetsMatchTheNominalOnesWhenNothingIsFixed() {
    Graph g = ModelBuilder.input("x", 6).dense("d", 4, false).build("d", 3);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults().withCopies(1, 2));
    CrossbarBlock b = d.blocks().get("d.weight");
    double[] w = g.weightMatrix("d.weight").values();
    double[][] t = PairSumTargets.program(b, w, 300e-6, 0, 1e-3, PairSumTargets.NONE);
    double[][] nominal = WriteVerifyProgrammer.deviceTargets(b, w, 300e-6);
    for (int k = 0; k < t.length; k++) assertArrayEquals(nominal[k], t[k], 1e-15);
  }

  @Test void moveTouchesOnlyTheDevicesOfWeightsThatChange() {
    Graph g = ModelBuilder.input("x", 3).dense("d", 2, false).build("d", 3);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    CrossbarBlock b = d.blocks().get("d.weight");
    double[][] now = {new double[b.region(0).cellCount()]};
    java.util.Arrays.fill(now[0], 300e-6);
    double[] dw = new double[6];
    dw[4] = 0.5; // output 1, input 1
    double[][] t = PairSumTargets.move(b, dw, now, 0, 1e-3, PairSumTargets.NONE);
    int moved = 0;
    for (double v : t[0]) if (!Double.isNaN(v)) moved++;
    assertEquals(2, moved);
    // G⁺ up and G⁻ down by ΔW·ratio/2 each.
    double half = 0.5 * b.siemensPerWeight() / 2;
    b.forEachDevice((tile, local, array, row, col, w, sign) -> {
      if (w == 4) assertEquals(300e-6 + sign * half, t[0][local], 1e-15);
    });
  }
}
