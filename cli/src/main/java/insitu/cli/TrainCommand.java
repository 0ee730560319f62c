package insitu.cli;

import insitu.sdk.job.ModelCatalog;
import insitu.sdk.job.TrainRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu train}: in situ training of a model on a board. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model in situ on a (simulated or real) board.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", defaultValue = "paper-cnn", description = "FILE.onnx, FILE.xbar or " + ModelNames.HELP + " (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--data", description = "mnist8, mnist28, mnist-seq, idx:DIR, npy:X.npy,Y.npy (default: the model's own, mnist8 for files);"
      + " built-in data sets are fed in the input range the model declares")
  String data;

  @Option(names = "--board", defaultValue = "sim", description = "sim, sim:ideal, sim:paper?arrays=N&seed=S&stuck=F, serial:PATH (default: ${DEFAULT-VALUE})")
  String board;

  @Option(names = "--epochs", description = "passes over the training set (default: the model's, 15 for paper-cnn, 8 for paper-convlstm)")
  Integer epochs;
  @Option(names = "--batch", description = "samples per update (default: the model's, 100 for paper-cnn, 50 for paper-convlstm)")
  Integer batch;
  @Option(names = "--lr", description = "learning rate at epoch 1 (default 0.01; fine-tuning a model's own weights: 0.004, 0.001 with write-verify)")
  Double lr;
  @Option(names = "--lr-decay", description = "learning-rate factor per epoch (default 0.85; 1 with --update paper)") Double lrDecay;
  @Option(names = "--optimizer", defaultValue = "rmsprop", description = "rmsprop, sgd, adam") String optimizer;
  @Option(names = "--update", defaultValue = "auto",
      description = "accumulate (paper rule, pulses fired when the accumulated gate step reaches 0.1 V), paper (exact rule),"
          + " manhattan, write-verify (a weight's devices re-programmed closed loop once its accumulated change reaches 0.05),"
          + " auto (default: write-verify when fine-tuning trained weights on a calibrated board, else accumulate)")
  String update;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--out", description = "directory for report.json and the plots (default runs/<name>)") Path out;
  @Option(names = "--init", defaultValue = "auto",
      description = "paper (RESET all, SET all at Vg0), weights (program the model's own weights with write-verify, then fine-tune), auto (weights for .onnx files, paper otherwise)")
  String init;
  @Option(names = "--resume", description = "continue the run in DIR (its --out) from its newest valid checkpoint; other options are taken from the checkpoint")
  Path resume;
  @Mixin DeviceOptions device;
  @Option(names = "--checkpoint-every", defaultValue = "50", description = "batches between checkpoints in <out>/checkpoints (also one per epoch; 0: per epoch only)")
  int checkpointEvery;

  @Override public Integer call() {
    if (resume != null) return Runner.resume(resume, common);
    ModelCatalog.Defaults d = ModelCatalog.defaults(model);
    TrainRequest r = new TrainRequest(model, data != null ? data : ModelCatalog.defaultData(model), board, epochs != null ? epochs : d.epochs(), batch != null ? batch : d.batch(),
        lr != null ? lr : Double.NaN, lrDecay, optimizer, update, seed, out, init, checkpointEvery).withDevice(device.setup());
    return Runner.train(r, common);
  }
}
