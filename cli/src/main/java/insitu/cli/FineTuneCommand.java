package insitu.cli;

import insitu.sdk.job.FineTuneJob;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu finetune}: continue training a run's weights in situ on a (possibly other) board. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = "Program the weights of a training run's newest checkpoint onto a board with write-verify and train them further in situ.")
public final class FineTuneCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--checkpoint", required = true, description = "the run directory (its --out) holding checkpoints/") Path checkpoint;
  @Option(names = "--data", description = "data set (default: the run's)") String data;
  @Option(names = "--board", defaultValue = "sim") String board;
  @Option(names = "--epochs", converter = OptionRanges.Epochs.class, description = "default 1") Integer epochs;
  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class) long seed;
  @Mixin DeviceOptions device;

  @Override public Integer call() {
    Map<String, Object> report = FineTuneJob.run(checkpoint, data, board, epochs, seed, device.setup(),
        new Progress(epochs != null ? epochs : 1, common.quiet), msg -> {
          if (!common.quiet) System.err.println("insitu: " + msg);
        });
    Runner.print(report, common, String.format("after programming %.2f%%, after fine-tuning %.2f%%; report in %s",
        100 * (double) report.getOrDefault("initial_accuracy", Double.NaN), 100 * (double) report.get("accuracy"), report.get("run_dir")));
    return 0;
  }
}
