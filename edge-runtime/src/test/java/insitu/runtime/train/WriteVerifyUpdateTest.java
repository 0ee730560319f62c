package insitu.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.StuckDevices;
import insitu.compiler.mapping.Tile;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.program.WriteVerifyProgrammer;
import insitu.numeric.parallel.Workers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteVerifyUpdateTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  static final GateResponse RESPONSE = GateResponse.paper();
  static final WriteVerifyOptions OPTIONS = WriteVerifyOptions.defaults(RESPONSE.conductanceAt(1.6));

  /**
   * One weight whose G⁺ is dead (stuck at 0 S, unknown to the mapping), G⁻ programmed to 300 µS:
   * w = −3 (paper devices SET to 91–455 µS over their 0.5–2.5 V gate range).
   */
  private static CrossbarBlock oneStuckPair(long seed) {
    Graph g = ModelBuilder.input("x", 1).dense("d", 1, false).build("d", 1);
    BoardSpec clean = SimulatedBoard.specFor(DeviceModel.paper(), 1, 8, 4);
    var placement = CrossbarMapper.map(g, clean, MappingOptions.defaults());
    Tile t = placement.block("d.weight").tiles().get(0);
    int plusRow = t.rowOf(0, 0, 0), col = t.colOf(0, 0);
    var board = new SimulatedBoard(clean.withDefects(DefectMap.none().withBadCell(0, plusRow, col)), DeviceModel.paper(), seed, WORKERS);
    CrossbarBlock b = new Deployment(board, WORKERS, g, placement).blocks().get("d.weight");
    new WriteVerifyProgrammer(RESPONSE, OPTIONS).programDevices(Map.of(b, new double[][] {{Double.NaN, 300e-6}}));
    assertEquals(-3, b.weights()[0], 0.03);
    return b;
  }

  @Test void theFreePartnerOfAKnownStuckDeviceTakesTheWholeChange() {
    CrossbarBlock b = oneStuckPair(3);
    Tile t = b.placement().tiles().get(0);
    StuckDevices stuck = new StuckDevices(Map.of(DefectMap.cellKey(0, t.rowOf(0, 0, 0), t.colOf(0, 0)), 0.0), 0, 1e-3);
    rule(stuck).apply(b, new double[] {1});
    assertEquals(-2, b.weights()[0], 0.03);
  }

  @Test void withoutTheDefectMapHalfTheChangeIsLostOnTheStuckDevice() {
    CrossbarBlock b = oneStuckPair(3);
    rule(null).apply(b, new double[] {1});
    assertEquals(-2.5, b.weights()[0], 0.03);
  }

  @Test void changesBelowTheThresholdAccumulate() {
    CrossbarBlock b = oneStuckPair(4);
    Tile t = b.placement().tiles().get(0);
    var rule = rule(
        new StuckDevices(Map.of(DefectMap.cellKey(0, t.rowOf(0, 0, 0), t.colOf(0, 0)), 0.0), 0, 1e-3));
    long before = b.board().counters().pulses();
    rule.apply(b, new double[] {0.03});
    assertEquals(before, b.board().counters().pulses(), "0.03 < threshold: no pulse");
    assertEquals(0.03, rule.state().get("d.weight")[0], 1e-12);
    rule.apply(b, new double[] {0.03});
    assertEquals(-2.94, b.weights()[0], 0.03);
  }

  private static UpdateRule rule(StuckDevices stuck) {
    return UpdateRules.create(new UpdateConfig.WriteVerify(0.05, OPTIONS, stuck), RESPONSE);
  }
}
