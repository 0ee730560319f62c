package insitu.boards.serial;

import insitu.boards.Board;
import insitu.boards.BoardContractTest;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.serial.port.JSerialCommTransport;
import insitu.boards.sim.SimulatedBoard;
import insitu.testing.SocatPty;

/** The serial host stack byte for byte over a real pseudo-terminal pair (jSerialComm both ends). */
class PtySerialBoardContractTest extends BoardContractTest {
  private SocatPty pty;
  private BoardEmulator emulator;

  @Override
  protected Board open(SimulatedBoard devices) throws Exception {
    SocatPty.require();
    pty = SocatPty.start();
    Transport boardSide = JSerialCommTransport.open(pty.first, JSerialCommTransport.DEFAULT_BAUD);
    emulator = new BoardEmulator(devices, boardSide, SEED, FaultPlan.none(), Ticker.system()).start();
    Transport hostSide = JSerialCommTransport.open(pty.second, JSerialCommTransport.DEFAULT_BAUD);
    return SerialBoard.open(hostSide, SessionOptions.serialDefaults());
  }

  @Override
  protected void cleanUp() throws Exception {
    if (emulator != null) emulator.close();
    if (pty != null) pty.close();
  }
}
