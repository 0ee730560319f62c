package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Region;
import insitu.boards.capability.LinkCounters;
import insitu.boards.drive.RowVolts;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Opcode;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Parts that carry their offsets, reassembly in any order, selective resends, adaptive part size. */
class SelectiveRepeatTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final Parts.Header REQUEST = new Parts.Header(FrameType.REQUEST, 7, 1, Opcode.MVM.code(), 0);

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(3).nextBytes(b);
    return b;
  }

  @Test
  void partsOfMixedSizesArrivingOutOfOrderReassembleAfterResendingOnlyTheHoles() {
    byte[] payload = bytes(10_000);
    List<Frame> first = new ArrayList<>(Parts.split(REQUEST, payload, 4096));
    assertEquals(3, first.size());
    Collections.shuffle(first, new Random(1));
    Parts.Assembly a = Parts.Assembly.start(first.get(1), Long.MAX_VALUE);
    a.add(first.get(1)); // only one 4 KiB part got through
    assertFalse(a.complete());
    // Resend the holes in 64-byte parts, losing every third one, until complete.
    int rounds = 0;
    while (!a.complete()) {
      List<Frame> resend = Parts.split(REQUEST, payload, a.missing(0, BlockMap.MAX_COUNT), Frame.MIN_PART_BYTES);
      for (int i = 0; i < resend.size(); i++) if (rounds > 0 || i % 3 != 0) a.add(resend.get(i));
      rounds++;
    }
    assertEquals(2, rounds);
    assertArrayEquals(payload, a.payload());
  }

  @Test
  void missingWindowsCoverEveryHoleOnce() {
    byte[] payload = bytes(64 * 1000 + 5);
    Parts.Assembly a = null;
    for (Frame f : Parts.split(REQUEST, payload, 64)) {
      if (a == null) a = Parts.Assembly.start(f, Long.MAX_VALUE);
      if (f.offset() / 64 % 7 != 3 && !f.tail()) a.add(f);
    }
    int holes = 0;
    for (BlockMap w = a.missing(0, 100); w != null; w = a.missing(w.firstBlock() + w.count(), 100))
      for (int i = 0; i < w.count(); i++) if (w.marked(i)) holes++;
    assertEquals(a.missingBlocks(), holes);
    assertEquals(143 + 1, holes, "every 7th block and the short tail block");
  }

  @Test
  void partSizeHalvesOnLossAndRegrowsAfterACleanRun() {
    AdaptivePartSize s = new AdaptivePartSize(4096);
    for (int i = 0; i < 10; i++) s.lost();
    assertEquals(Frame.MIN_PART_BYTES, s.size());
    for (int i = 0; i < AdaptivePartSize.GROW_AFTER_CLEAN; i++) s.clean();
    assertEquals(2 * Frame.MIN_PART_BYTES, s.size());
    assertTrue(s.reduced());
  }

  /** A 154 KB MVM exchange (100 KB request, 51 KB response) through a link that damages 1 % of the bytes. */
  @Test
  void largeMvmGetsThroughOnePercentByteFaultsExactly() {
    int rows = 128, cols = 64, batch = 100;
    DeviceModel model = DeviceModel.paper();
    SimulatedBoard reference = SimulatedBoard.of(model, 1, rows, cols, 5, WORKERS);
    PipeTransport[] ends = PipeTransport.pair();
    FaultPlan faults = new FaultPlan(0.005, 0.005, 0, 0, 0, -1);
    try (BoardEmulator emulator = new BoardEmulator(SimulatedBoard.of(model, 1, rows, cols, 5, WORKERS), ends[1], 9, faults, Ticker.system()).start();
         SerialBoard board = SerialBoard.open(ends[0], SessionOptions.serialDefaults())) {
      Region all = Region.rect(0, 0, rows, 0, cols);
      double[] volts = new double[batch * rows];
      for (int k = 0; k < volts.length; k++) volts[k] = 0.2 * Math.sin(k);
      double[] got = new double[batch * cols], want = new double[batch * cols];
      for (int round = 0; round < 3; round++) {
        board.mvm(all, new RowVolts(volts, batch), got);
        reference.mvm(all, new RowVolts(volts, batch), want);
        assertArrayEquals(want, got, "round " + round);
        System.out.printf("MVM over a 1%% faulty link, round %d: %s%n", round, board.linkCounters());
      }
      LinkCounters c = board.linkCounters();
      assertTrue(c.fetches() > 0 && c.gapQueries() > 0, "holes were repaired selectively");
      assertTrue(c.rxPartBytes() < 4096 && c.txPartBytes() < 4096, "part sizes adapted");
      assertEquals(3L * batch, emulator.board().counters().mvmVectors(), "each MVM ran on the devices once");
    }
  }
}
