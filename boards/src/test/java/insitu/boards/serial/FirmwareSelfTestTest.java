package insitu.boards.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.capability.SelfTest;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

/**
 * The firmware's SELF_TEST finds the cells that no longer switch. The simulator keeps every
 * conductance inside the window, so a window test alone never failed a cell; the emulator's
 * answers from the device model's state, exactly the cells the simulator holds stuck.
 */
class FirmwareSelfTestTest {
  private static SelfTest.Result selfTest(SimulatedBoard devices) {
    LoopbackLink link = new LoopbackLink(devices, FaultPlan.none(), w -> false);
    try (SerialBoard board = SerialBoard.open(link, SessionOptions.serialDefaults(), new NoControlLines(), link.ticker)) {
      return board.capability(SelfTest.class).orElseThrow().selfTest();
    }
  }

  @Test
  void stuckCellsFailAndAHealthyBoardPasses() {
    SimulatedBoard stuck = SimulatedBoard.of(DeviceModel.paper().withStuck(0.05, 0.05), 2, 16, 8, 4, Workers.sequential());
    long expected = 0;
    for (int a = 0; a < 2; a++) for (int r = 0; r < 16; r++) for (int c = 0; c < 8; c++) if (stuck.isStuck(a, r, c)) expected++;
    assertTrue(expected > 0, "10 % of 256 cells are stuck");
    SelfTest.Result found = selfTest(stuck);
    assertEquals(new SelfTest.Result(256, expected), found);
    assertEquals(new SelfTest.Result(256, 0), selfTest(SimulatedBoard.of(DeviceModel.paper(), 2, 16, 8, 4, Workers.sequential())));
  }
}
