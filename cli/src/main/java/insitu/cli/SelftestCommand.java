package insitu.cli;

import insitu.sdk.job.FirmwareSelfTest;
import insitu.sdk.job.SelftestJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code insitu board selftest --board SPEC [--out FILE.json]}: prints what the self-test found. */
final class SelftestCommand {
  private SelftestCommand() {}

  @SuppressWarnings("unchecked")
  static int run(String board, long seed, Path out, CommonOptions common) {
    Map<String, Object> r = SelftestJob.run(board, seed, out);
    List<Double> w = (List<Double>) r.get("window_siemens"), g = (List<Double>) r.get("gate_volts");
    Runner.print(r, common, String.format(
        "%s: SET %.2f µS/V %+.2f µS over gate %.2f-%.2f V (SET %.1f V, RESET %.1f V); window %.2f-%.2f µS; read noise %.2f %%;"
            + " write spread %.2f µS; %d stuck cells, %d bad rows, %d bad columns of %d; mapping %.2f µS per weight around %.2f µS"
            + " (|w| <= %.1f), tolerance ±%.2f µS; %d pulses%s",
        r.get("board"), 1e6 * (double) r.get("slope_siemens_per_volt"), 1e6 * (double) r.get("offset_siemens"), g.get(0), g.get(1),
        (double) r.get("set_volts"), (double) r.get("reset_volts"), 1e6 * w.get(0), 1e6 * w.get(1),
        100 * (double) r.get("read_noise_relative"), 1e6 * (double) r.get("write_spread_siemens"), (int) r.get("stuck_cells"),
        (int) r.get("bad_rows"), (int) r.get("bad_cols"), (int) r.get("cells_tested"), 1e6 * (double) r.get("siemens_per_weight"),
        1e6 * (double) r.get("center_siemens"), (double) r.get("max_weight"), 1e6 * (double) r.get("tolerance_siemens"),
        (long) r.get("pulses"), FirmwareSelfTest.summary(r) + (out == null ? "" : "; calibration in " + out)));
    return 0;
  }
}
