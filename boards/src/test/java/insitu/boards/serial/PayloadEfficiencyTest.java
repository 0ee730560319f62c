package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Region;
import insitu.boards.capability.LinkCounters;
import insitu.boards.drive.RowVolts;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

/** Payload bytes over wire bytes (both directions) for the two bulk operations that dominate traffic, on virtual time. */
class PayloadEfficiencyTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final int ROWS = 128, COLS = 64, BATCH = 100;
  private static final double TARGET = 0.90;

  @Test
  void bulkReadAndBatchedMvmAreAtLeastNinetyPercentPayload() {
    // On virtual time: a loaded machine cannot make a wait look like a loss, so "no retries" is exact.
    LoopbackLink link = new LoopbackLink(SimulatedBoard.of(DeviceModel.ideal(), 1, ROWS, COLS, 1, WORKERS), FaultPlan.none(), w -> false);
    BoardEmulator emulator = link.emulator;
    try (SerialBoard board = SerialBoard.open(link, SessionOptions.serialDefaults(), new NoControlLines(), link.ticker)) {
      Region all = Region.rect(0, 0, ROWS, 0, COLS);
      LinkCounters c0 = board.linkCounters();
      board.read(all, new double[ROWS * COLS]);
      LinkCounters read = board.linkCounters().minus(c0);
      double[] volts = new double[BATCH * ROWS];
      for (int k = 0; k < volts.length; k++) volts[k] = 0.2 * Math.sin(k);
      LinkCounters c1 = board.linkCounters();
      board.mvm(all, new RowVolts(volts, BATCH), new double[BATCH * COLS]);
      LinkCounters mvm = board.linkCounters().minus(c1);
      System.out.printf("payload efficiency: read %dx%d %.4f (%d/%d B, %d frames); mvm batch %d %dx%d %.4f (%d/%d B, %d frames)%n",
          ROWS, COLS, read.payloadEfficiency(), read.payloadBytesSent() + read.payloadBytesReceived(),
          read.wireBytesSent() + read.wireBytesReceived(), read.framesSent() + read.framesReceived(),
          BATCH, ROWS, COLS, mvm.payloadEfficiency(), mvm.payloadBytesSent() + mvm.payloadBytesReceived(),
          mvm.wireBytesSent() + mvm.wireBytesReceived(), mvm.framesSent() + mvm.framesReceived());
      assertTrue(read.payloadEfficiency() >= TARGET, "read efficiency " + read.payloadEfficiency());
      assertTrue(mvm.payloadEfficiency() >= TARGET, "mvm efficiency " + mvm.payloadEfficiency());
      assertEquals(0, mvm.retries());
      assertEquals(1, emulator.receivedOpcodes().stream().filter(o -> o == insitu.boards.protocol.Opcode.MVM).count(), "one round trip");
    }
  }
}
