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
import insitu.testing.SocatPty;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

class SerialBoardOpenerTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  @Test
  void serialSpecOpensAnEmulatedBoardOnAPty() throws Exception {
    SocatPty.require();
    try (SocatPty pty = SocatPty.start();
         BoardEmulator emulator = new BoardEmulator(SimulatedBoard.of(DeviceModel.ideal(), 1, 8, 4, 1, WORKERS),
             JSerialCommTransport.open(pty.first, JSerialCommTransport.DEFAULT_BAUD), 1, FaultPlan.none(), Ticker.system()).start();
         Board board = BoardOpener.open("serial:" + pty.second + "?baud=921600&gpio=none&timeoutMs=200", 0)) {
      assertEquals(8, board.spec().rows());
      assertTrue(board instanceof SerialBoard);
      assertTrue(emulator.receivedOpcodes().contains(insitu.boards.protocol.Opcode.HELLO));
    }
  }

  /** gpio=mock works in the shipped tool: pins come from the spec, READY rises with power, the board opens. */
  @Test
  void mockControlLinesWithPinsFromTheSpecOpenAnEmulatedBoard() throws Exception {
    SocatPty.require();
    try (SocatPty pty = SocatPty.start();
         BoardEmulator emulator = new BoardEmulator(SimulatedBoard.of(DeviceModel.ideal(), 1, 8, 4, 1, insitu.numeric.parallel.Workers.sequential()),
             JSerialCommTransport.open(pty.first, JSerialCommTransport.DEFAULT_BAUD), 1, FaultPlan.none(), Ticker.system()).start();
         Board board = BoardOpener.open("serial:" + pty.second + "?gpio=mock&reset=5&power=6&ready=13&timeoutMs=200", 0)) {
      assertEquals(8, board.spec().rows());
      assertTrue(emulator.receivedOpcodes().contains(insitu.boards.protocol.Opcode.HELLO));
    }
  }

  @Test
  void raspberryPiLinesOffThePiFailInOneLine() {
    assumeTrue(insitu.boards.gpio.GpioChips.system().list().isEmpty(), "this machine has GPIO chips");
    BoardException e = assertThrows(BoardException.class, () -> BoardOpener.open("serial:/dev/null?gpio=raspberrypi&chip=gpiochip0", 0));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().contains("gpio=mock"), e.getMessage());
  }

  @Test
  void badSerialOptionsAreUsageErrors() {
    assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("serial:/dev/null?speed=9600", 0));
    assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("serial:/dev/nonexistent?gpio=arduino", 0));
    assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("serial:/dev/nonexistent?gpio=mock&reset=40", 0));
    assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("serial:/dev/nonexistent?chip=gpiochip0", 0));
    assertThrows(BoardException.class, () -> BoardOpener.open("serial:/dev/nonexistent-port-xyz", 0));
  }
}
