package insitu.bench;

import insitu.sdk.job.JsonReport;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code insitu bench}: throughput and latency of in situ training and inference, next to PyTorch and ONNX Runtime. */
@Command(name = "insitu bench", mixinStandardHelpOptions = true,
    description = "Measure in situ training and inference on the simulated board against PyTorch and ONNX Runtime (same data, same run).")
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object on stdout.") boolean json;
  @Option(names = "--quick", description = "Tiny sizes (for the smoke test): every key, meaningless numbers.") boolean quick;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--only", split = ",", description = "Run only these parts: ${COMPLETION-CANDIDATES} (default: all).")
  java.util.EnumSet<Bench.Part> only;

  @Override public Integer call() throws Exception {
    Map<String, Object> report = Bench.run(quick ? BenchSettings.quick(seed) : BenchSettings.full(seed),
        only == null || only.isEmpty() ? java.util.EnumSet.allOf(Bench.Part.class) : only);
    System.out.println(json ? JsonReport.toJson(report, false) : BenchTable.render(report));
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
