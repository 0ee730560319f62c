package insitu.cli;

import insitu.sdk.job.JsonReport;
import insitu.sdk.job.ModelsJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code insitu models}: what {@code --model NAME} accepts. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the models known by name: built in (untrained) and the zoo (trained in PyTorch), with data set, input range, weights and software accuracy.")
public final class ModelsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override public Integer call() {
    ModelsJob.Report report = ModelsJob.report();
    if (common.json) {
      System.out.println(JsonReport.toJson(report, false));
      return 0;
    }
    System.out.printf("%-18s %-20s %-14s %-6s %8s %9s  %s%n", "NAME", "KIND", "DATA SET", "INPUT", "WEIGHTS", "ACCURACY", "--data");
    for (ModelsJob.Row m : report.models()) {
      double acc = m.softwareAccuracy();
      System.out.printf("%-18s %-20s %-14s %-6s %8d %9s  %s%n", m.name(), m.kind(), m.dataset(), m.inputRange(), m.weights(),
          Double.isNaN(acc) ? "-" : String.format("%.2f%%", 100 * acc), m.data());
    }
    return 0;
  }
}
