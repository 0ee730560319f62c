package insitu.sdk.job;

import insitu.boards.Board;
import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.ir.Graph;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.checkpoint.Checkpoint;
import insitu.runtime.session.Boards;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * {@code insitu finetune --checkpoint DIR}: takes the weights a training run had reached (as read
 * back from its board at its newest checkpoint), programs them with write-verify onto another
 * board (or the same kind of board, later) and trains them further in situ there, with the update
 * rule that suits that board ({@link UpdateChoice#AUTO}). The fine-tuning is a run of its own.
 */
public final class FineTuneJob {
  private FineTuneJob() {}

  /**
   * @param runDir the training run (its {@code --out}) whose newest checkpoint gives the weights
   * @param data the data set, null for the run's
   * @param epochs epochs of fine-tuning, null for one
   * @param learningRate step size, null for the fine-tuning default of the update rule
   * @param device the target board's calibration (mapping, gate response, stuck devices) and how
   *     long it ages once the weights are programmed, before fine-tuning starts
   * @param out the fine-tuning run's directory, null for {@code <runDir>-finetune-<time>} next to the run
   * @param keep which epoch's weights the fine-tuned model keeps
   */
  public record Request(Path runDir, String data, String board, Integer epochs, Double learningRate, long seed, DeviceSetup device, Path out,
                        Keep keep) {}

  /** Runs the fine-tuning into its own run directory. */
  public static TrainReport run(Request q, TrainingListener listener, Consumer<String> note) {
    Checkpoint ckpt = RunFiles.existing(q.runDir()).checkpoints().loadLatest();
    RunRecord source = RunRecord.fromJson(ckpt.runJson(), q.runDir());
    Artifact artifact = ArtifactBytes.read(ckpt.artifact(), q.runDir());
    Graph trained = measuredGraph(artifact, ckpt, q.runDir());
    Path out = q.out() != null ? q.out() : defaultOut(q.runDir());
    RunFiles files = RunFiles.fresh(out);
    Path model = files.file("start.xbar");
    try (Board target = Boards.open(q.board(), q.seed())) {
      // The start model keeps what the run's model declared (its input range above all).
      ArtifactWriter.write(trained, artifact.placement(), target.spec(), null, model, null, ModelCatalog.notes(source.request().model()));
    } catch (RuntimeException e) {
      files.discardIfNothingToResume();
      throw e;
    }
    TrainRequest base = source.request();
    TrainRequest r = new TrainRequest(model.toString(), q.data() != null ? q.data() : base.data(), q.board(),
        q.epochs() != null ? q.epochs() : 1, base.batch(), q.learningRate() != null ? q.learningRate() : Double.NaN, base.lrDecay(),
        base.optimizer(), UpdateChoice.AUTO, q.seed(), out, Initialization.WEIGHTS, TrainRequest.CHECKPOINT_EVERY, null, null, q.keep())
        .withDevice(q.device());
    return TrainingRun.begin(r, files, listener, note).fineTuningOf(q.runDir());
  }

  /** Next to the source run, not inside it: fine-tuning a fine-tuned run does not nest directories. */
  static Path defaultOut(Path runDir) {
    Path abs = runDir.toAbsolutePath().normalize();
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return abs.resolveSibling(abs.getFileName() + "-finetune-" + time);
  }

  /** The checkpoint's model with the weights read back from its board and its trained digital parameters. */
  static Graph measuredGraph(Artifact artifact, Checkpoint ckpt, Path where) {
    for (var block : artifact.placement().blocks())
      if (!ckpt.trainer().weightsRead().containsKey(block.weight()))
        throw new BadInputException("the checkpoint in " + where + " has no weights for crossbar block '" + block.weight() + "'");
    try {
      return Deployment.measuredGraph(artifact.graph(), ckpt.trainer().weightsRead(), ckpt.trainer().digital());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("the checkpoint in " + where + " does not fit its model: " + e.getMessage(), e);
    }
  }
}
