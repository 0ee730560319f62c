package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import insitu.boards.Board;
import insitu.errors.BoardException;
import insitu.boards.BoardOpener;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.serial.port.JSerialCommTransport;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

class SerialBoardOpenerTest {
  @Test
  void serialSpecOpensAnEmulatedBoardOnAPty() throws Exception {
    assumeTrue(SocatPty.available(), "socat is not installed; skipping");
    try (SocatPty pty = SocatPty.start();
         BoardEmulator emulator = new BoardEmulator(SimulatedBoard.of(DeviceModel.ideal(), 1, 8, 4, 1),
             JSerialCommTransport.open(pty.first, JSerialCommTransport.DEFAULT_BAUD), 1, FaultPlan.none(), Ticker.system()).start();
         Board board = BoardOpener.open("serial:" + pty.second + "?baud=921600&gpio=none&timeoutMs=200", 0)) {
      assertEquals(8, board.spec().rows());
      assertTrue(board instanceof SerialBoard);
      assertTrue(emulator.receivedOpcodes().contains(insitu.boards.protocol.Opcode.HELLO));
    }
  }

  @Test
  void badSerialOptionsAreUsageErrors() {
    assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("serial:/dev/null?speed=9600", 0));
    assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("serial:/dev/nonexistent?gpio=arduino", 0));
    assertThrows(BoardException.class, () -> BoardOpener.open("serial:/dev/nonexistent-port-xyz", 0));
  }
}
