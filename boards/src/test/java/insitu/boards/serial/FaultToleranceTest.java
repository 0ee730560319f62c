package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import insitu.boards.capability.LinkCounters;
import insitu.boards.drive.RowVolts;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.protocol.Opcode;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.errors.BoardException;
import insitu.numeric.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultToleranceTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final DeviceModel MODEL = DeviceModel.paper().withReadNoise(0.01);
  private static final BoardSpec SPEC = SimulatedBoard.specFor(MODEL, 1, 16, 8);
  private static final long SEED = 11;
  /** Short timeouts: the pipe answers in microseconds, so waiting longer only slows the test. */
  private static final SessionOptions FAST = new SessionOptions(8, 20, 40, 128, 0, 64);

  @Test
  void noisyLinkAndResetsEndExactlyLikeACleanRun() {
    SimulatedBoard reference = new SimulatedBoard(SPEC, MODEL, SEED, WORKERS);
    PipeTransport[] ends = PipeTransport.pair();
    List<Integer> batchSizes = new ArrayList<>();
    try (BoardEmulator emulator = new BoardEmulator(new SimulatedBoard(SPEC, MODEL, SEED, WORKERS), ends[1], 99,
        FaultPlan.noisy(0.01, 100), Ticker.system()).start();
         SerialBoard board = SerialBoard.open(ends[0], FAST)) {
      SplittableRandom r = new SplittableRandom(5);
      for (int step = 0; step < 300; step++) {
        switch (r.nextInt(3)) {
          case 0 -> {
            int n = 1 + r.nextInt(4);
            int[] rows = new int[n], cols = new int[n];
            double[] gates = new double[n];
            for (int k = 0; k < n; k++) {
              rows[k] = r.nextInt(SPEC.rows());
              cols[k] = r.nextInt(SPEC.cols());
              gates[k] = r.nextDouble() * SPEC.maxGateVolts();
            }
            PulseBatch b = new PulseBatch(0, r.nextInt(4) == 0 ? PulseKind.RESET : PulseKind.SET, 2.0, rows, cols, gates);
            board.pulse(b);
            reference.pulse(b);
            batchSizes.add(n);
          }
          case 1 -> {
            Region g = Region.rect(0, r.nextInt(SPEC.rows() - 1), 2, r.nextInt(SPEC.cols() - 1), 2);
            double[] got = new double[4], want = new double[4];
            board.read(g, got);
            reference.read(g, want);
            assertArrayEquals(want, got, "read at step " + step);
          }
          default -> {
            Region g = Region.rect(0, r.nextInt(SPEC.rows() - 2), 3, r.nextInt(SPEC.cols() - 1), 2);
            double[] v = {0.1, -0.2, 0.05, 0.2, 0, -0.1};
            double[] got = new double[4], want = new double[4];
            board.mvm(g, new RowVolts(v, 2), got);
            reference.mvm(g, new RowVolts(v, 2), want);
            assertArrayEquals(want, got, "mvm at step " + step);
          }
        }
      }
      assertArrayEquals(reference.trueConductances(0), emulator.board().trueConductances(0), "final conductances");
      // No pulse applied twice (or lost): the board's own count per command id equals the batch size.
      Map<Long, Long> applied = emulator.cellsAppliedById();
      assertEquals(batchSizes.size(), applied.size());
      for (int i = 0; i < batchSizes.size(); i++)
        assertEquals((long) batchSizes.get(i), applied.get((long) i + 1), "cells applied for command " + (i + 1));
      LinkCounters link = board.linkCounters();
      System.out.printf("fault run: %d dropped + %d corrupted bytes, %d board resets; host: %s%n",
          emulator.droppedBytes(), emulator.corruptedBytes(), emulator.resets(), link);
      assertTrue(board.counters().retries() > 0, "resends were needed");
      assertTrue(link.epochChanges() > 0 && emulator.resets() > 0, "resets happened and were seen");
      assertTrue(link.crcErrors() + link.malformedFrames() > 0, "damaged frames were seen");
      assertEquals(reference.counters().commands(), board.counters().commands());
    }
  }

  @Test
  void hungBoardFailsAndIsAskedForSafeState() {
    PipeTransport[] ends = PipeTransport.pair();
    SessionOptions opts = new SessionOptions(40, 40, 4, 256, 0, 4);
    try (BoardEmulator emulator = new BoardEmulator(new SimulatedBoard(SPEC, MODEL, SEED, WORKERS), ends[1], 3,
        FaultPlan.none().withHangAfter(2), Ticker.system()).start();
         SerialBoard board = SerialBoard.open(ends[0], opts)) {
      double[] out = new double[1];
      Region cell = Region.rect(0, 0, 1, 0, 1);
      board.read(cell, out);
      board.read(cell, out);
      // How long it waits is bounded on virtual time in HangDetectionTest; here, over a real pipe, only what happens.
      BoardException e = assertThrows(BoardException.class, () -> board.read(cell, out));
      assertTrue(e.getMessage().contains("no answer"), e.getMessage());
      assertTrue(emulator.receivedOpcodes().contains(Opcode.SAFE_STATE), "host tried SAFE_STATE: " + emulator.receivedOpcodes());
    }
  }
}
