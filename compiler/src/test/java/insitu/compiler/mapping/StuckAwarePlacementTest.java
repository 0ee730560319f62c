package insitu.compiler.mapping;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StuckAwarePlacementTest {
  static final double LOW = 1e-6, HIGH = 40e-6, SPW = 17e-6;

  private static BoardSpec target(DefectMap d) {
    return new BoardSpec("test", 1, 128, 64, LOW, HIGH, 0.2, 3, 3, 5, 0, 1e-3, d);
  }

  /** A fraction of the cells stuck, half at the bottom of the window and half at the top, as on sim:realistic?stuck=F. */
  static StuckDevices randomStuck(double fraction, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<Long, Double> m = new HashMap<>();
    for (int r = 0; r < 128; r++)
      for (int c = 0; c < 64; c++)
        if (rnd.nextDouble() < fraction) m.put(DefectMap.cellKey(0, r, c), rnd.nextBoolean() ? LOW : HIGH);
    return new StuckDevices(m, LOW, HIGH);
  }

  private static Map<String, double[]> weights(Graph g) {
    Map<String, double[]> w = new LinkedHashMap<>();
    for (String name : g.crossbarWeights()) w.put(name, g.weightMatrix(name).values());
    return w;
  }

  private static MappingOptions options(int colCopies) {
    return new MappingOptions(SPW, 1, colCopies, Map.of(), Map.of(), 2 * SPW);
  }

  @Test void coversFarFewerHarmfulStuckCellsThanThePlainPlacement() {
    Graph g = PaperModels.cnn(3);
    for (long seed = 1; seed <= 3; seed++) {
      StuckDevices stuck = randomStuck(0.10, seed);
      Placement plain = CrossbarMapper.map(g, target(DefectMap.none()), options(1));
      var r = StuckAwarePlacement.place(plain, weights(g), stuck, target(DefectMap.none()));
      assertEquals(StuckAwarePlacement.score(plain, weights(g), stuck), r.before());
      assertTrue(r.before().harmfulStuck() >= 50, "a 10 % map hurts the plain placement: " + r.before());
      assertTrue(r.after().harmfulStuck() * 5 <= r.before().harmfulStuck(), r.before() + " -> " + r.after());
      assertTrue(r.after().squaredError() < r.before().squaredError() / 5, r.before() + " -> " + r.after());
      assertStillAPlacementOf(plain, r.placement(), DefectMap.none());
    }
  }

  @Test void withTwoCopiesAlmostNoStuckCellIsHarmful() {
    Graph g = PaperModels.cnn(3);
    StuckDevices stuck = randomStuck(0.10, 4);
    Placement plain = CrossbarMapper.map(g, target(DefectMap.none()), options(2));
    var r = StuckAwarePlacement.place(plain, weights(g), stuck, target(DefectMap.none()));
    assertTrue(r.after().stuckCovered() > 200, "two copies cover most of the array: " + r.after());
    assertTrue(r.after().harmfulStuck() <= 5, r.before() + " -> " + r.after());
    assertStillAPlacementOf(plain, r.placement(), DefectMap.none());
  }

  @Test void neverUsesABadLine() {
    Graph g = PaperModels.cnn(3);
    DefectMap bad = DefectMap.none().withBadRow(0, 5).withBadRow(0, 77).withBadCol(0, 3).withBadCol(0, 40);
    StuckDevices stuck = randomStuck(0.08, 9);
    Placement plain = CrossbarMapper.map(g, target(bad), options(1));
    var r = StuckAwarePlacement.place(plain, weights(g), stuck, target(bad));
    assertStillAPlacementOf(plain, r.placement(), bad);
  }

  @Test void leavesThePlacementAloneWithoutStuckDevices() {
    Graph g = PaperModels.cnn(3);
    Placement plain = CrossbarMapper.map(g, target(DefectMap.none()), options(1));
    var r = StuckAwarePlacement.place(plain, weights(g), StuckDevices.none(), target(DefectMap.none()));
    assertSame(plain, r.placement());
    assertEquals(0, r.after().stuckCovered());
  }

  @Test void aStuckDeviceIsHarmlessWhenItsPartnerCanCompensate() {
    StuckDevices s = new StuckDevices(Map.of(), LOW, HIGH);
    int[] pair = {1, -1};
    // G⁺ stuck high: positive weights are reachable (G⁻ = high − w·ratio), negative ones are not.
    assertEquals(0, s.weightError(0.8, SPW, pair, new double[] {HIGH, Double.NaN}, 2), 1e-12);
    assertEquals(0.8, s.weightError(-0.8, SPW, pair, new double[] {HIGH, Double.NaN}, 2), 1e-12);
    // Both stuck at opposite ends: the weight is pinned at (high − low)/ratio.
    assertEquals((HIGH - LOW) / SPW - 0.5, s.weightError(0.5, SPW, pair, new double[] {HIGH, LOW}, 2), 1e-9);
    // A second copy makes the negative weight reachable again (its pair can go to −(high − low)).
    int[] twoCopies = {1, -1, 1, -1};
    assertEquals(0, s.weightError(-0.8, SPW, twoCopies, new double[] {HIGH, Double.NaN, Double.NaN, Double.NaN}, 4), 1e-12);
  }

  /** Same tiles (weights, copies, sizes), every weight once, no cell twice, no bad line, lines only permuted. */
  private static void assertStillAPlacementOf(Placement before, Placement after, DefectMap bad) {
    assertEquals(before.devicesUsed(), after.devicesUsed());
    Set<Long> used = new HashSet<>();
    for (int b = 0; b < before.blocks().size(); b++) {
      BlockPlacement x = before.blocks().get(b), y = after.blocks().get(b);
      assertEquals(x.weight(), y.weight());
      assertEquals(x.siemensPerWeight(), y.siemensPerWeight());
      for (int t = 0; t < x.tiles().size(); t++) {
        Tile p = x.tiles().get(t), q = y.tiles().get(t);
        assertEquals(p.inStart(), q.inStart());
        assertEquals(p.inCount(), q.inCount());
        assertEquals(p.outStart(), q.outStart());
        assertEquals(p.outCount(), q.outCount());
        assertEquals(p.rowRep(), q.rowRep());
        assertEquals(p.colRep(), q.colRep());
        for (int r : q.rows())
          for (int c : q.cols()) {
            assertFalse(bad.isBadCell(q.array(), r, c), "bad line used at " + r + "," + c);
            assertTrue(used.add(DefectMap.cellKey(q.array(), r, c)), "cell used twice");
          }
      }
    }
  }
}
