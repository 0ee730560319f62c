package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.protocol.Message.ConfigRequest;
import insitu.boards.protocol.Message.Hello;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

/**
 * A second host session against the same board, with no reset between (the board keeps its epoch
 * and its cache of the last 16 answers): its requests must never be answered from the first
 * session's cache (board-protocol.md §4.1). On virtual time, so every run takes the same path.
 */
class SessionSequenceNumbersTest {
  private static final SessionOptions OPTIONS = SessionOptions.serialDefaults();
  private static final Region CELL = Region.rect(0, 2, 1, 3, 1);

  /**
   * Session one reads a cell, then changes it. Numbering both sessions from 0, session two's read
   * would carry the seq of session one's and get its cached, stale answer.
   */
  @Test
  void aSecondSessionReadsWhatTheBoardHoldsNowNotAnAnswerCachedForTheFirst() {
    SimulatedBoard devices = SimulatedBoard.of(DeviceModel.ideal(), 1, 8, 8, 1, Workers.sequential());
    LoopbackLink link = new LoopbackLink(devices, FaultPlan.none(), w -> false);
    double[] before = new double[1], after = new double[1];
    try (SerialBoard first = SerialBoard.open(link, OPTIONS, new NoControlLines(), link.ticker)) {
      first.read(CELL, before);
      first.pulse(new PulseBatch(0, PulseKind.SET, 2.0, new int[] {2}, new int[] {3}, new double[] {4.0}));
    }
    try (SerialBoard second = SerialBoard.open(link, OPTIONS, new NoControlLines(), link.ticker)) {
      second.read(CELL, after);
    }
    double now = devices.trueConductances(0)[2 * 8 + 3];
    assertTrue(now != before[0], "the pulse changed the cell");
    assertEquals(now, after[0], "the second session reads the cell as it is now");
  }

  /** Two sessions that draw the same start: the second finds those seqs cached (STATUS) and moves past them. */
  @Test
  void aStartWhoseSeqsTheBoardStillCachesIsSkipped() {
    SimulatedBoard devices = SimulatedBoard.of(DeviceModel.ideal(), 1, 8, 8, 1, Workers.sequential());
    LoopbackLink link = new LoopbackLink(devices, FaultPlan.none(), w -> false);
    double[][] reads = new double[2][];
    long[] polls = new long[2];
    for (int s = 0; s < 2; s++) {
      BoardSession session = new BoardSession(link, OPTIONS, link.ticker);
      session.call(new Hello());
      FreshSeqs.start(session, 5);
      session.call(new ConfigRequest(0, 256));
      for (int row = 0; row < 8; row++) {
        Object r = session.call(new ReadRequest(0, new int[] {row}, new int[] {s}));
        reads[s] = assertInstanceOf(ReadResponse.class, r).siemens();
      }
      polls[s] = session.counters().statusPolls();
    }
    assertEquals(64, polls[0], "the first session checks one window of 64 seqs");
    assertTrue(polls[1] > 64, "the second finds its first window cached and tries another: " + polls[1] + " STATUS polls");
    assertArrayEquals(new double[] {devices.trueConductances(0)[7 * 8 + 1]}, reads[1], "column 1, not session one's column 0");
  }
}
