package insitu.runtime.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.BoardOpener;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

class WriteVerifyProgrammerTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  static final GateResponse RESPONSE = GateResponse.paper();
  static final WriteVerifyOptions OPTIONS = WriteVerifyOptions.defaults(RESPONSE.conductanceAt(1.6));

  private static Deployment deploy(String board, MappingOptions mapping) {
    Graph g = PaperModels.cnn(11);
    return Deployment.map(BoardOpener.open(board, 5, WORKERS), WORKERS, g, mapping);
  }

  @Test void convergesOnPaperDevices() {
    Deployment d = deploy("sim:paper?arrays=1&seed=5", MappingOptions.defaults());
    ProgramReport r = d.programWriteVerify(RESPONSE, OPTIONS);
    System.out.printf("write-verify sim:paper: %s; %.2f pulses/cell%n", r, r.pulsesPerCell());
    assertEquals(d.placement().devicesUsed(), r.cells());
    assertTrue(r.convergedFraction() >= 0.99, "converged " + r.convergedFraction());
    assertTrue(r.pulsesPerCell() < 15, "pulses per cell " + r.pulsesPerCell());
    assertTrue(r.iterations() <= OPTIONS.maxIterations());
    assertEquals(0, r.stuck());
    assertTrue(r.meanAbsErrorSiemens() < 2e-6);
  }

  /** Converged pairs decode to within 2·tolerance/siemensPerWeight = 0.04 of the target weight. */
  @Test void decodedWeightsAreWithinToleranceOfTargets() {
    Deployment d = deploy("sim:paper?seed=6", MappingOptions.defaults().withReplication("conv1.weight", 2, 1));
    ProgramReport r = d.programWriteVerify(RESPONSE, OPTIONS);
    double bound = 2 * OPTIONS.toleranceSiemens() / 100e-6;
    int outside = 0, total = 0;
    for (CrossbarBlock b : d.blocks().values()) {
      double[] want = d.graph().weightMatrix(b.name()).values(), got = b.weights();
      for (int i = 0; i < want.length; i++, total++) if (Math.abs(want[i] - got[i]) > bound + 1e-12) outside++;
    }
    // Each weight outside the bound needs at least one failed device of its pair.
    assertTrue(outside <= r.failed(), outside + " weights outside ±" + bound + ", " + r.failed() + " failed devices");
    assertTrue(outside <= 0.02 * total, outside + " of " + total);
  }

  @Test void stuckCellsAreGivenUpAndReported() {
    Deployment d = deploy("sim:paper?stuck=0.05&seed=7", MappingOptions.defaults());
    ProgramReport r = d.programWriteVerify(RESPONSE, OPTIONS);
    System.out.printf("write-verify sim:paper?stuck=0.05: %s%n", r);
    double failed = (double) r.failed() / r.cells();
    assertTrue(failed > 0.03 && failed < 0.07, "failed fraction " + failed);
    assertTrue(r.stuck() >= 0.9 * r.failed() - 0.01 * r.cells(), "stuck " + r.stuck() + " of failed " + r.failed());
    // Stuck cells are abandoned after a few rounds, not pulsed to the cap.
    assertTrue(r.pulsesPerCell() < 15, "pulses per cell " + r.pulsesPerCell());
  }

  @Test void pulsesAreBatchedPerArrayAndRound() {
    Deployment d = deploy("sim:paper?arrays=2&seed=8", MappingOptions.defaults());
    long before = d.board().counters().commands();
    ProgramReport r = d.programWriteVerify(RESPONSE, OPTIONS);
    long commands = d.board().counters().commands() - before;
    int tiles = d.blocks().values().stream().mapToInt(CrossbarBlock::tileCount).sum();
    // Per round: one read per tile plus at most a RESET and a SET batch per array; then re-verify and read-back.
    long bound = (long) (r.iterations() + 1) * (tiles + 2L * 2) + 2L * tiles;
    assertTrue(commands <= bound, commands + " board commands > " + bound);
  }

  @Test void keepsLastSetGatePerDeviceAndIsDeterministic() {
    Deployment a = deploy("sim:paper?seed=9", MappingOptions.defaults());
    Deployment b = deploy("sim:paper?seed=9", MappingOptions.defaults());
    ProgramReport ra = a.programWriteVerify(RESPONSE, OPTIONS), rb = b.programWriteVerify(RESPONSE, OPTIONS);
    assertEquals(ra.pulses(), rb.pulses());
    assertEquals(ra.maxAbsErrorSiemens(), rb.maxAbsErrorSiemens());
    for (CrossbarBlock blk : a.blocks().values())
      for (int t = 0; t < blk.tileCount(); t++)
        for (double vg : blk.gateVolts(t)) assertTrue(vg >= RESPONSE.minGateVolts() && vg <= RESPONSE.maxGateVolts(), "gate " + vg);
  }

  @Test void exactOnIdealDevicesInOneRound() {
    Deployment d = deploy("sim:ideal", MappingOptions.defaults());
    ProgramReport r = d.programWriteVerify(RESPONSE, OPTIONS);
    assertEquals(r.cells(), r.converged());
    assertTrue(r.iterations() <= 2, "rounds " + r.iterations());
    assertTrue(r.maxAbsErrorSiemens() < 1e-12);
    assertTrue(d.board() instanceof SimulatedBoard);
  }
}
