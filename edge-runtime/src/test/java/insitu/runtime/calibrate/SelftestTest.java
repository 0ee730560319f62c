package insitu.runtime.calibrate;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.sim.DeviceModel;
import insitu.runtime.crossbar.GateResponse;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

class SelftestTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  static Calibration calibrate(String spec) {
    try (var b = BoardOpener.open(spec, 1, WORKERS)) {
      return Selftest.run(b, Selftest.Options.defaults());
    }
  }

  /** 32 cells x ~20 gates with 8 µS write noise: slope within 3 %, offset within 10 µS (measured 181.9 µS/V, -0.5 µS). */
  @Test void paperBoardFitsThePapersGateResponse() {
    Calibration c = calibrate("sim");
    GateResponse p = GateResponse.paper();
    assertEquals(p.slopeSiemensPerVolt(), c.slopeSiemensPerVolt(), 0.03 * p.slopeSiemensPerVolt());
    assertEquals(p.offsetSiemens(), c.offsetSiemens(), 10e-6);
    assertTrue(c.stuckCells().isEmpty() && c.badRows().isEmpty() && c.badCols().isEmpty());
    assertEquals(8e-6, c.writeSpreadSiemens(), 4e-6);
    assertEquals(0, c.readNoiseRelative(), 1e-12);
  }

  /**
   * Realistic devices: one SET covers ~93-97 % of the way to the compliance line (17.73 µS/V), so
   * the effective slope is within 15 % of it; 2 % stuck cells (1 % low + 1 % high) found within
   * ±0.6 points; 1 % read noise within a factor 1.5; mapping keeps |w| <= 2 inside the window.
   */
  @Test void realisticBoardIsCharacterized() {
    Calibration c = calibrate("sim:realistic");
    DeviceModel m = DeviceModel.realistic();
    assertEquals(m.setSlopeSiemensPerVolt(), c.slopeSiemensPerVolt(), 0.15 * m.setSlopeSiemensPerVolt());
    assertEquals(0.02, (double) c.stuckCells().size() / c.cellsTested(), 0.006);
    assertEquals(0.01, c.readNoiseRelative(), 0.005);
    assertTrue(c.windowLowSiemens() < 3e-6 && c.windowHighSiemens() > 35e-6, c.windowLowSiemens() + " " + c.windowHighSiemens());
    assertTrue(c.centerSiemens() + c.maxWeight() * c.siemensPerWeight() / 2 <= c.windowHighSiemens());
    assertTrue(c.centerSiemens() - c.maxWeight() * c.siemensPerWeight() / 2 >= c.windowLowSiemens());
    assertTrue(c.toleranceSiemens() > 0.5e-6 && c.toleranceSiemens() < 1.5e-6, "tolerance " + c.toleranceSiemens());
    assertTrue(c.pulses() < 4 * c.cellsTested(), "pulses " + c.pulses());
  }

  @Test void deterministicBySeedAndRoundTripsThroughJson() {
    Calibration a = calibrate("sim:realistic?seed=4"), b = calibrate("sim:realistic?seed=4");
    String ja = CalibrationJson.toJson(a).replaceAll("\"seconds\": [^,]*,", "");
    assertEquals(ja, CalibrationJson.toJson(b).replaceAll("\"seconds\": [^,]*,", ""));
    Calibration back = CalibrationJson.fromJson(CalibrationJson.toJson(a), "test");
    assertEquals(CalibrationJson.toJson(a), CalibrationJson.toJson(back));
    assertEquals(a.defects(), back.defects());
  }

  @Test void rejectsOtherJson() {
    assertThrows(insitu.errors.BadInputException.class, () -> CalibrationJson.fromJson("{\"format\": \"x\"}", "f"));
    assertThrows(insitu.errors.BadInputException.class, () -> CalibrationJson.fromJson("[1,", "f"));
  }

  @Test void durations() {
    assertEquals(30 * 86400, Ages.parseSeconds("30d"));
    assertEquals(5400, Ages.parseSeconds("1.5h"));
    assertEquals(120, Ages.parseSeconds("2m"));
    assertEquals(90, Ages.parseSeconds("90s"));
    assertThrows(IllegalArgumentException.class, () -> Ages.parseSeconds("30"));
    assertThrows(IllegalArgumentException.class, () -> Ages.parseSeconds("-1d"));
  }
}
