package insitu.runtime.calibrate;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.sim.SimulatedBoard;
import insitu.runtime.crossbar.GateResponse;
import org.junit.jupiter.api.Test;

class SelftestTest {
  static Calibration calibrate(String spec) {
    try (var b = BoardOpener.open(spec, 1)) {
      return Selftest.run(b, Selftest.Options.defaults());
    }
  }

  @Test void paperBoardFitsThePapersGateResponse() {
    Calibration c = calibrate("sim");
    System.out.println("sim: " + CalibrationJson.toJson(c).replaceAll("\\s+", " "));
    GateResponse p = GateResponse.paper();
    // 24 cells x ~20 gates with 8 µS write noise: slope within 3 %, offset within 10 µS.
    assertEquals(p.slopeSiemensPerVolt(), c.slopeSiemensPerVolt(), 0.03 * p.slopeSiemensPerVolt());
    assertEquals(p.offsetSiemens(), c.offsetSiemens(), 10e-6);
    assertTrue(c.stuckCells().isEmpty() && c.badRows().isEmpty() && c.badCols().isEmpty());
    assertEquals(8e-6, c.writeSpreadSiemens(), 4e-6);
  }

  @Test void realisticBoard() {
    Calibration c = calibrate("sim:realistic");
    System.out.println("realistic: " + CalibrationJson.toJson(c).replaceAll("\\s+", " "));
    System.out.println("stuck " + c.stuckCells().size());
  }
}
