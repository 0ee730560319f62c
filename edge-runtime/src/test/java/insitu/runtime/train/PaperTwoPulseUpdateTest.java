package insitu.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

class PaperTwoPulseUpdateTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final double SLOPE = 200e-6 / 1.1;

  private static CrossbarBlock block() {
    // The paper's device physics without noise: SET gives max(G, slope·Vg), RESET gives 0.
    SimulatedBoard board = new SimulatedBoard(SimulatedBoard.specFor(DeviceModel.paper(), 1, 128, 64),
        DeviceModel.paper().withWriteNoise(0), 1, WORKERS);
    Graph g = ModelBuilder.input("x", 2).dense("d", 1, false).build("m", 1);
    Deployment d = Deployment.map(board, WORKERS, g, MappingOptions.defaults());
    d.initializeUniform(GateResponse.paper(), 1.6);
    return d.blocks().get("d.weight");
  }

  @Test
  void positiveStepRaisesGPlusAndResetsThenLowersGMinus() {
    CrossbarBlock b = block();
    assertEquals(0, b.weights()[0], 1e-15, "initialization leaves balanced pairs");
    paper().apply(b, new double[] {0.1, 0});
    // ΔV = 0.15 V: G+ SET at 1.75 V, G− RESET then SET at 1.45 V → Δw = 2·0.15 V·181.8 µS/V / 100 µS.
    assertEquals(2 * 0.15 * SLOPE / 100e-6, b.weights()[0], 1e-12);
    assertEquals(0, b.weights()[1], 1e-15, "a weight with ΔW = 0 is not pulsed");
    assertEquals(1.75, b.gateVolts(0)[0], 1e-12);
    assertEquals(1.45, b.gateVolts(0)[1], 1e-12);
  }

  @Test
  void gateVoltagesAreClampedToTheWindow() {
    CrossbarBlock b = block();
    paper().apply(b, new double[] {10, 0});
    assertEquals(2.5, b.gateVolts(0)[0], 1e-12);
    assertEquals(0.5, b.gateVolts(0)[1], 1e-12);
    assertEquals((2.5 - 0.5) * SLOPE / 100e-6, b.weights()[0], 1e-12);
  }

  @Test
  void accumulateAndFireWaitsForTheThreshold() {
    CrossbarBlock b = block();
    var rule = UpdateRules.create(new UpdateConfig.AccumulateAndFire(UpdateConfig.PaperTwoPulse.paper(), 0.1), GateResponse.paper());
    long p0 = b.board().counters().pulses();
    rule.apply(b, new double[] {0.04, 0}); // 0.06 V: below 0.1 V
    assertEquals(p0, b.board().counters().pulses());
    assertEquals(0, b.weights()[0], 1e-15);
    rule.apply(b, new double[] {0.04, 0}); // 0.12 V accumulated: fires once with the whole step
    assertEquals(2 * 0.12 * SLOPE / 100e-6, b.weights()[0], 1e-12);
    assertEquals(3, b.board().counters().pulses() - p0, "SET on G+, RESET and SET on G−");
  }

  private static UpdateRule paper() {
    return UpdateRules.create(UpdateConfig.PaperTwoPulse.paper(), GateResponse.paper());
  }

  @Test
  void accumulateAndFireNamesItselfAfterItsInnerRule() {
    assertEquals("paper+accumulate(0.1 V)", new UpdateConfig.AccumulateAndFire(UpdateConfig.PaperTwoPulse.paper(), 0.1).describe());
    assertEquals("paper", paper().name());
    assertThrows(IllegalArgumentException.class,
        () -> new UpdateConfig.AccumulateAndFire(new UpdateConfig.WriteVerify(0.05, insitu.runtime.program.WriteVerifyOptions.defaults(290e-6), null), 0.1));
  }

  @Test
  void manhattanMovesEveryWeightAboveTheThresholdByOneStep() {
    CrossbarBlock b = block();
    var rule = UpdateRules.create(new UpdateConfig.Manhattan(0.05, 0.01), GateResponse.paper());
    assertEquals("manhattan(0.05 V)", rule.name());
    rule.apply(b, new double[] {-3, 0.005});
    // The sign alone counts: G+ RESET then SET 0.05 V lower, G− SET 0.05 V higher; |0.005| ≤ 0.01 is left alone.
    assertEquals(1.55, b.gateVolts(0)[0], 1e-12);
    assertEquals(1.65, b.gateVolts(0)[1], 1e-12);
    assertEquals(-2 * 0.05 * SLOPE / 100e-6, b.weights()[0], 1e-12);
    assertEquals(0, b.weights()[1], 1e-15);
  }
}
