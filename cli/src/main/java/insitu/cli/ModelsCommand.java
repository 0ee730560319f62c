package insitu.cli;

import insitu.sdk.job.JsonReport;
import insitu.sdk.job.ModelsJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code insitu models}: what {@code --model NAME} accepts. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the models known by name: built in (untrained) and the zoo (trained in PyTorch), with data set, input range, weights and software accuracy.")
public final class ModelsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override public Integer call() {
    List<Map<String, Object>> rows = ModelsJob.list();
    if (common.json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("command", "models");
      r.put("models", rows);
      System.out.println(JsonReport.toJson(r, false));
      return 0;
    }
    System.out.printf("%-18s %-20s %-14s %-6s %8s %9s  %s%n", "NAME", "KIND", "DATA SET", "INPUT", "WEIGHTS", "ACCURACY", "--data");
    for (Map<String, Object> m : rows) {
      double acc = (double) m.get("software_accuracy");
      System.out.printf("%-18s %-20s %-14s %-6s %8d %9s  %s%n", m.get("name"), m.get("kind"), m.get("dataset"), m.get("input_range"),
          (long) m.get("weights"), Double.isNaN(acc) ? "-" : String.format("%.2f%%", 100 * acc), m.get("data"));
    }
    return 0;
  }
}
