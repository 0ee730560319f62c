package insitu.boards.serial;

import insitu.boards.Board;
import insitu.boards.BoardContractTest;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.sim.SimulatedBoard;

/** The serial host stack over an in-memory pipe to the emulator. */
class PipeSerialBoardContractTest extends BoardContractTest {
  private BoardEmulator emulator;

  @Override
  protected Board open(SimulatedBoard devices) {
    PipeTransport[] ends = PipeTransport.pair();
    emulator = new BoardEmulator(devices, ends[1], SEED, FaultPlan.none(), Ticker.system()).start();
    return SerialBoard.open(ends[0], SessionOptions.serialDefaults().withMaxPayload(256));
  }

  @Override
  protected void cleanUp() {
    emulator.close();
  }
}
