package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.Region;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.protocol.Opcode;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The paper CNN's second convolution (15 maps of 8×8, 2×2 kernel, 60-element patches on 120 rows)
 * over the serial link: the maps travel instead of the patches, the currents equal the in-process
 * board's, and firmware without MVM_PATCHES gets the patches with the same result.
 */
class MvmPatchesOnTheWireTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final DeviceModel MODEL = DeviceModel.paper();
  private static final BoardSpec SPEC = SimulatedBoard.specFor(MODEL, 1, 128, 64);
  private static final PatchGeometry CONV2 = new PatchGeometry(15, 8, 8, 2, 2, 1, 1, 0, 0, 1, 1, 1, 1);
  private static final int SAMPLES = 20;
  private static final Region REGION = Region.rect(0, 0, 120, 0, 4);

  private static double[] maps() {
    double[] m = new double[SAMPLES * CONV2.mapSize()];
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < m.length; i++) m[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble();
    return m;
  }

  private static double[] reference(double[] maps) {
    double[] want = new double[SAMPLES * CONV2.patchesPerSample() * 4];
    new SimulatedBoard(SPEC, MODEL, 6, WORKERS).mvm(REGION, new FeatureMaps(CONV2, maps, SAMPLES), want);
    return want;
  }

  @Test
  void mapsTravelInsteadOfPatchesAndTheCurrentsMatch() {
    LoopbackLink link = new LoopbackLink(new SimulatedBoard(SPEC, MODEL, 6, WORKERS), FaultPlan.none(), w -> false);
    double[] maps = maps(), got = new double[SAMPLES * CONV2.patchesPerSample() * 4];
    try (SerialBoard board = SerialBoard.open(link, SessionOptions.serialDefaults(), new NoControlLines(), link.ticker)) {
      assertTrue(board.prefersFeatureMaps());
      long before = board.linkCounters().wireBytesSent();
      board.mvm(REGION, new FeatureMaps(CONV2, maps, SAMPLES), got);
      long sent = board.linkCounters().wireBytesSent() - before;
      long patchBytes = (long) SAMPLES * CONV2.patchesPerSample() * CONV2.patchSize() * Double.BYTES;
      assertTrue(sent < patchBytes / 3, sent + " bytes sent for " + patchBytes + " bytes of patch voltages");
      assertTrue(link.emulator.receivedOpcodes().contains(Opcode.MVM_PATCHES));
    }
    assertArrayEquals(reference(maps), got);
  }

  @Test
  void firmwareWithoutPatchesGetsThemAsDifferentialMvmsWithTheSameResult() {
    LoopbackLink link = new LoopbackLink(new SimulatedBoard(SPEC, MODEL, 6, WORKERS), FaultPlan.none(), w -> false);
    link.emulator.lacking(Opcode.MVM_PATCHES);
    double[] maps = maps(), got = new double[SAMPLES * CONV2.patchesPerSample() * 4];
    try (SerialBoard board = SerialBoard.open(link, SessionOptions.serialDefaults(), new NoControlLines(), link.ticker)) {
      board.mvm(REGION, new FeatureMaps(CONV2, maps, SAMPLES), got);
      assertFalse(board.prefersFeatureMaps(), "the host noticed");
      assertTrue(link.emulator.receivedOpcodes().contains(Opcode.MVM_DIFFERENTIAL));
      assertEquals(1, link.emulator.board().counters().commands(), "the refused request ran nothing; the fallback ran once");
    }
    assertArrayEquals(reference(maps), got);
  }
}
