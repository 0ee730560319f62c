package insitu.samples.paper;

import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.TrainingListener;
import insitu.sdk.job.TrainJob;
import insitu.sdk.job.TrainReport;
import insitu.sdk.job.TrainRequest;
import java.nio.file.Path;

/**
 * The paper's two experiments on the simulated board: the five-level CNN on 8×8 MNIST (with the
 * paper's exact update rule and with insitu's default) and the ConvLSTM on MNIST-sequence.
 *
 * <p>Run: {@code java -cp "samples/target/classes:cli/target/lib/*"
 * insitu.samples.paper.PaperReproductions [seed]}
 */
public final class PaperReproductions {
  private PaperReproductions() {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    Path out = Path.of("runs", "paper-reproductions");
    report("CNN, insitu default (accumulate-and-fire, lr decay)", TrainJob.run(
        run("paper-cnn", "mnist8", 15, 100, UpdateChoice.ACCUMULATE, seed, out.resolve("cnn")),
        TrainingListener.NONE));
    report("CNN, paper's exact rule, constant lr", TrainJob.run(
        run("paper-cnn", "mnist8", 15, 100, UpdateChoice.PAPER, seed, out.resolve("cnn-paper")),
        TrainingListener.NONE));
    report("ConvLSTM on MNIST-sequence", TrainJob.run(
        run("paper-convlstm", "mnist-seq", 8, 50, UpdateChoice.ACCUMULATE, seed, out.resolve("convlstm")),
        TrainingListener.NONE));
  }

  /** A run on the simulated paper board at the paper's learning rate (a fresh directory per start: a run never writes into an old one). */
  private static TrainRequest run(String model, String data, int epochs, int batch, UpdateChoice update, long seed, Path out) {
    Path dir = out.resolveSibling(out.getFileName() + "-" + System.currentTimeMillis());
    return TrainRequest.of(model, data, "sim", epochs, batch, seed, dir).withUpdate(update).withLearningRate(0.01);
  }

  private static void report(String what, TrainReport r) {
    System.out.printf("%-55s test accuracy %.2f %%, %d pulses, %.1f s%n", what, 100 * r.outcome().accuracy(),
        r.outcome().boardUse().pulses(), r.outcome().seconds());
  }
}
