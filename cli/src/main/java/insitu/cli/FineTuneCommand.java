package insitu.cli;

import insitu.sdk.job.FineTuneJob;
import insitu.sdk.job.Keep;
import insitu.sdk.job.TrainReport;
import java.nio.file.Path;
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
  @Option(names = "--board", defaultValue = "sim", description = "the board to fine-tune on (default: ${DEFAULT-VALUE})") String board;
  @Option(names = "--epochs", converter = OptionRanges.Epochs.class, description = "epochs of fine-tuning (default: 1)") Integer epochs;
  @Option(names = "--lr", converter = OptionRanges.Positive.class, description = "learning rate (default: 0.004, 0.001 with write-verify updates)") Double lr;
  @Option(names = "--out", description = "directory of the fine-tuning run (default: next to the run, <run>-finetune-<time>);"
      + " must not hold anything yet")
  Path out;
  @Option(names = "--keep", defaultValue = "last", converter = Choices.Keeps.class, completionCandidates = Choices.Keeps.class,
      description = "which weights <out>/model.xbar keeps: last (the board's at the end) or best (after the epoch with the best test"
          + " accuracy) (default: ${DEFAULT-VALUE})")
  Keep keep;
  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class) long seed;
  @Mixin DeviceOptions device;

  @Override public Integer call() {
    var request = new FineTuneJob.Request(checkpoint, data, board, epochs, lr, seed, device.setup(), out, keep);
    TrainReport report = FineTuneJob.run(request, new Progress(common.quiet), Runner.notes(common));
    Runner.print(report, common, String.format("after programming %.2f%%, after fine-tuning %.2f%%; model in %s",
        100 * report.outcome().initialAccuracy().orElse(Double.NaN), 100 * report.outcome().accuracy(), report.files().trainedModel()));
    return 0;
  }
}
