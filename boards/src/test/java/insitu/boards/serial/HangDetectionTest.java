package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BoardException;
import insitu.boards.BoardSpec;
import insitu.boards.Region;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.protocol.Opcode;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

/**
 * When the host gives up: a board whose answers all arrive damaged for a while is alive and is
 * waited for; a silent one is declared hung after its few attempts; a link that damages every
 * frame forever fails with its own message instead of waiting forever. On virtual time
 * ({@link LoopbackLink}), so the rounds are exactly the same on a loaded machine.
 */
class HangDetectionTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final DeviceModel MODEL = DeviceModel.paper();
  private static final BoardSpec SPEC = SimulatedBoard.specFor(MODEL, 1, 8, 4);
  private static final int ATTEMPTS = 3;
  private static final long TIMEOUT_MILLIS = 10;
  private static final SessionOptions OPTIONS = new SessionOptions(TIMEOUT_MILLIS, TIMEOUT_MILLIS, ATTEMPTS, 256, 0, 4);
  private static final Region CELLS = Region.rect(0, 0, 2, 0, 2);

  private static SerialBoard open(LoopbackLink link) {
    return SerialBoard.open(link, OPTIONS, new NoControlLines(), link.ticker);
  }

  @Test
  void boardWhoseAnswersArriveDamagedRoundAfterRoundIsWaitedFor() {
    // Far more damaged rounds in a row than there are attempts: every answer the board writes
    // for its first 40 writes is unreadable, but its bytes arrive, so it is alive.
    LoopbackLink link = new LoopbackLink(new SimulatedBoard(SPEC, MODEL, 3, WORKERS), FaultPlan.none(), w -> w < 40);
    SimulatedBoard reference = new SimulatedBoard(SPEC, MODEL, 3, WORKERS);
    try (SerialBoard board = open(link)) {
      double[] got = new double[4], want = new double[4];
      board.read(CELLS, got);
      reference.read(CELLS, want);
      assertArrayEquals(want, got);
      assertTrue(board.linkCounters().timeouts() > 2 * ATTEMPTS, "more damaged rounds than attempts: " + board.linkCounters());
    }
  }

  @Test
  void silentBoardIsDeclaredHungAfterItsAttemptsAndAskedForSafeState() {
    LoopbackLink link = new LoopbackLink(new SimulatedBoard(SPEC, MODEL, 3, WORKERS), FaultPlan.none().withHangAfter(0), w -> false);
    try (SerialBoard board = open(link)) {
      long t0 = link.ticker.nanos();
      BoardException e = assertThrows(BoardException.class, () -> board.read(CELLS, new double[4]));
      assertTrue(e.getMessage().startsWith("no answer from the board to READ"), e.getMessage());
      // The silence budget (attempts × timeout) plus the short probes before the timer reaches its
      // ceiling, and the one SAFE_STATE attempt: virtual time, so this is exact enough to bound.
      long waitedMillis = (link.ticker.nanos() - t0) / 1_000_000;
      assertTrue(waitedMillis <= 3 * ATTEMPTS * TIMEOUT_MILLIS, "waited " + waitedMillis + " ms");
      assertTrue(link.emulator.receivedOpcodes().contains(Opcode.SAFE_STATE), "asked for SAFE_STATE: " + link.emulator.receivedOpcodes());
    }
  }

  @Test
  void linkThatDamagesEveryFrameFailsWithItsOwnMessage() {
    LoopbackLink link = new LoopbackLink(new SimulatedBoard(SPEC, MODEL, 3, WORKERS), FaultPlan.none(), w -> true);
    BoardException e = assertThrows(BoardException.class, () -> open(link));
    assertTrue(e.getMessage().contains("damages nearly every frame"), e.getMessage());
  }
}
