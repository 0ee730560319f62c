package insitu.sdk.cli;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.sdk.job.TrainJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code insitu board info|selftest|emulate}. */
@Command(name = "board", mixinStandardHelpOptions = true, description = "Inspect a board.")
public final class BoardCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", description = "info") String action;

  @Option(names = "--board", defaultValue = "sim") String board;
  @Option(names = "--seed", defaultValue = "1") long seed;

  @Override public Integer call() {
    if (!action.equals("info")) throw new UsageException("unknown board action '" + action + "'; valid: info");
    try (Board b = TrainJob.openBoard(board, seed)) {
      BoardSpec s = b.spec();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("arrays", s.arrays());
      m.put("rows", s.rows());
      m.put("cols", s.cols());
      m.put("min_siemens", s.minSiemens());
      m.put("max_siemens", s.maxSiemens());
      m.put("read_volts", s.readVolts());
      m.put("max_set_volts", s.maxSetVolts());
      m.put("max_reset_volts", s.maxResetVolts());
      m.put("max_gate_volts", s.maxGateVolts());
      m.put("adc_bits", s.adcBits());
      m.put("bad_rows", s.defects().badRows().size());
      m.put("bad_cols", s.defects().badCols().size());
      Runner.print(m, common, String.format("%s: %d array(s) of %dx%d 1T1R cells, G %.0f-%.0f µS, read %.2f V, ADC %s",
          s.name(), s.arrays(), s.rows(), s.cols(), s.minSiemens() * 1e6, s.maxSiemens() * 1e6, s.readVolts(),
          s.adcBits() == 0 ? "exact" : s.adcBits() + " bits"));
      return 0;
    }
  }
}
