package insitu.cli;

import insitu.errors.UsageException;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.OptimizerKind;
import insitu.sdk.job.Keep;
import insitu.sdk.job.ModelCatalog;
import insitu.sdk.job.TrainRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code insitu train}: in situ training of a model on a board. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model in situ on a (simulated or real) board.")
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--model", defaultValue = "paper-cnn", description = "FILE.onnx, FILE.xbar or " + ModelNames.HELP + " (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--data", description = "mnist8, mnist28, mnist-seq, idx:DIR, npy:X.npy,Y.npy (default: the model's own, mnist8 for files);"
      + " built-in data sets are fed in the input range the model declares")
  String data;

  @Option(names = "--board", defaultValue = "sim", description = "sim, sim:ideal, sim:paper?arrays=N&seed=S&stuck=F, serial:PATH (default: ${DEFAULT-VALUE})")
  String board;

  @Option(names = "--epochs", converter = OptionRanges.Epochs.class,
      description = "passes over the training set (default: the model's, 15 for paper-cnn, 8 for paper-convlstm);"
      + " with --resume, the run's new total of epochs, to extend a run")
  Integer epochs;
  @Option(names = "--batch", converter = OptionRanges.Batch.class, description = "samples per update (default: the model's, 100 for paper-cnn, 50 for paper-convlstm)")
  Integer batch;
  @Option(names = "--lr", converter = OptionRanges.Positive.class, description = "learning rate at epoch 1 (default 0.01; fine-tuning a model's own weights: 0.004, 0.001 with write-verify)")
  Double lr;
  @Option(names = "--lr-decay", converter = OptionRanges.Decay.class, description = "learning-rate factor per epoch (default 0.85; 1 with --update paper)") Double lrDecay;
  @Option(names = "--optimizer", defaultValue = "rmsprop", converter = Choices.Optimizers.class, completionCandidates = Choices.Optimizers.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  OptimizerKind optimizer;
  @Option(names = "--update", defaultValue = "auto", converter = Choices.Updates.class,
      description = "accumulate (paper rule, pulses fired when the accumulated gate step reaches 0.1 V), paper (exact rule),"
          + " manhattan, write-verify (a weight's devices re-programmed closed loop once its accumulated change reaches 0.05),"
          + " auto (default: write-verify when fine-tuning trained weights on a calibrated board, else accumulate)")
  UpdateChoice update;
  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class) long seed;
  @Option(names = "--out", description = "directory for report.json, the plots, model.xbar and checkpoints (default runs/<name>);"
      + " must not hold anything yet")
  Path out;
  @Option(names = "--init", defaultValue = "auto", converter = Choices.Initializations.class,
      description = "paper (RESET all, SET all at Vg0), weights (program the model's own weights with write-verify, then fine-tune), auto (weights for model files and zoo models, paper for the built-in ones)")
  Initialization init;
  @Option(names = "--resume", description = "continue the run in DIR (its --out) from its newest valid checkpoint, or from its start if it"
      + " was stopped before one; the run's own options are used (only --epochs may extend it)")
  Path resume;
  @Mixin DeviceOptions device;
  @Option(names = "--checkpoint-every", defaultValue = "50", converter = OptionRanges.Count.class, description = "batches between checkpoints in <out>/checkpoints (also one per epoch; 0: per epoch only)")
  int checkpointEvery;

  /** What may accompany --resume: the rest would be silently ignored, so it is refused. */
  private static final List<String> WITH_RESUME = List.of("--resume", "--epochs", "--json", "--quiet", "--debug");

  @Override public Integer call() {
    if (resume != null) {
      for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions())
        if (!WITH_RESUME.contains(o.longestName()))
          throw new UsageException(o.longestName() + " cannot change a resumed run (it goes on with its own options; --epochs extends it)");
      return Runner.resume(resume, epochs, common);
    }
    ModelCatalog.Defaults d = ModelCatalog.defaults(model);
    TrainRequest r = new TrainRequest(model, data != null ? data : ModelCatalog.defaultData(model), board,
        epochs != null ? epochs : d.epochs(), batch != null ? batch : d.batch(), lr != null ? lr : Double.NaN, lrDecay, optimizer, update,
        seed, out, init, checkpointEvery, null, null, Keep.LAST).withDevice(device.setup());
    return Runner.train(r, common);
  }
}
