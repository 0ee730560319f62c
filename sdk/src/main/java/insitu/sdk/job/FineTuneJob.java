package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.train.TrainerState;
import insitu.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * {@code insitu finetune --checkpoint DIR}: takes the weights a training run had reached (as read
 * back from its board at its newest checkpoint), programs them with write-verify onto another
 * board (or the same kind of board, later) and trains them further in situ there, with the update
 * rule that suits that board ({@link TrainRequest#resolvedUpdate}).
 */
public final class FineTuneJob {
  private FineTuneJob() {}

  /** Runs the fine-tuning; the new run lives in {@code DIR/finetune-<time>}. */
  public static Map<String, Object> run(Path runDir, String data, String board, Integer epochs, long seed,
                                        TrainingListener listener) {
    return run(runDir, data, board, epochs, seed, DeviceSetup.NONE, listener, msg -> org.tinylog.Logger.info(msg));
  }

  /**
   * @param device the target board's calibration (mapping, gate response, stuck devices) and how
   *     long it ages once the weights are programmed, before fine-tuning starts
   */
  public static Map<String, Object> run(Path runDir, String data, String board, Integer epochs, long seed, DeviceSetup device,
                                        TrainingListener listener, java.util.function.Consumer<String> note) {
    var ckpt = RunCheckpoints.store(runDir).loadLatest();
    var run = RunCheckpoints.fromJson(ckpt.runJson(), runDir);
    var artifact = ArtifactBytes.read(ckpt.artifact(), runDir);
    Graph trained = measuredGraph(artifact.graph(), artifact.placement(), ckpt.trainer());
    Path out = runDir.resolve("finetune-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try {
      Files.createDirectories(out);
      Path model = out.resolve("start.xbar");
      try (Board target = TrainJob.openBoard(board, seed)) {
        // The start model keeps what the run's model declared (its input range above all).
        ArtifactWriter.write(trained, artifact.placement(), target.spec(), null, model, null, ModelCatalog.notes(run.request().model()));
      }
      TrainRequest base = run.request();
      TrainRequest r = new TrainRequest(model.toString(), data != null ? data : base.data(), board,
          epochs != null ? epochs : 1, base.batch(), Double.NaN, base.lrDecay(), base.optimizer(), "auto", seed, out,
          "weights").withDevice(device);
      Map<String, Object> report = TrainJob.run(r, listener, note);
      report.put("command", "finetune");
      report.put("from_checkpoint", runDir.toString());
      return report;
    } catch (IOException e) {
      throw new insitu.errors.BadInputException("cannot write the fine-tuning run into " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * The graph with the checkpoint's read-back weights and trained biases, rebuilt through a
   * noiseless board of the placement's geometry (weights go in and come out unchanged there).
   */
  static Graph measuredGraph(Graph graph, insitu.compiler.mapping.Placement placement, TrainerState state) {
    try (Board ideal = BoardOpener.idealSimulator(placement.arrays(), placement.rows(), placement.cols(), Workers.sequential())) {
      Deployment d = new Deployment(ideal, Workers.sequential(), graph, placement);
      for (CrossbarBlock b : d.blocks().values()) {
        double[] w = state.weightsRead().get(b.name());
        if (w == null || w.length != b.weights().length)
          throw new insitu.errors.BadInputException("checkpoint has no weights for crossbar block '" + b.name() + "'");
        System.arraycopy(w, 0, b.weights(), 0, w.length);
      }
      return d.measuredGraph(state.digital());
    }
  }
}
