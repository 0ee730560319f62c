package insitu.cli;

import insitu.sdk.job.FirmwareSelfTest;
import insitu.sdk.job.SelftestJob;
import insitu.sdk.job.CalibrationSummary;
import java.nio.file.Path;

/** {@code insitu board selftest --board SPEC [--out FILE.json]}: prints what the self-test found. */
final class SelftestCommand {
  private SelftestCommand() {}

  static int run(String board, long seed, Path out, CommonOptions common) {
    SelftestJob.Report r = SelftestJob.run(board, seed, out);
    CalibrationSummary c = r.calibration();
    var w = c.windowSiemens();
    var g = c.gateVolts();
    Runner.print(r, common, String.format(
        "%s: SET %.2f µS/V %+.2f µS over gate %.2f-%.2f V (SET %.1f V, RESET %.1f V); window %.2f-%.2f µS; read noise %.2f %%;"
            + " write spread %.2f µS; %d stuck cells, %d bad rows, %d bad columns of %d; mapping %.2f µS per weight around %.2f µS"
            + " (|w| <= %.1f), tolerance ±%.2f µS; %d pulses%s",
        r.board(), 1e6 * c.slopeSiemensPerVolt(), 1e6 * c.offsetSiemens(), g.get(0), g.get(1), c.setVolts(), c.resetVolts(),
        1e6 * w.get(0), 1e6 * w.get(1), 100 * c.readNoiseRelative(), 1e6 * c.writeSpreadSiemens(), c.stuckCells(), c.badRows(),
        c.badCols(), r.cellsTested(), 1e6 * c.siemensPerWeight(), 1e6 * c.centerSiemens(), c.maxWeight(), 1e6 * c.toleranceSiemens(),
        c.pulses(), FirmwareSelfTest.summary(r.firmwareSelfTest()) + (out == null ? "" : "; calibration in " + out)));
    return 0;
  }
}
