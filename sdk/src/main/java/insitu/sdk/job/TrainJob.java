package insitu.sdk.job;

import insitu.compiler.artifact.Artifact;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.checkpoint.Checkpoint;
import insitu.runtime.session.Session;
import insitu.runtime.train.TrainerState;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.report.PlotWarmUp;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * {@code insitu train}: trains a model in situ on a board, in a run directory that a later
 * {@code --resume} continues from any moment (its configuration before the first batch, then its
 * checkpoints), and writes the run's report, plots and trained model.
 */
public final class TrainJob {
  private TrainJob() {}

  public static TrainReport run(TrainRequest r, TrainingListener listener) {
    return run(r, listener, Logger::info);
  }

  /** @param note one-line messages for the user (self-test run, board aged) */
  public static TrainReport run(TrainRequest r, TrainingListener listener, Consumer<String> note) {
    Path dir = r.outDir() != null ? r.outDir() : Path.of("runs", runName(r));
    return TrainingRun.begin(r.withOutDir(dir), RunFiles.fresh(dir), listener, note);
  }


  /**
   * Continues the run in {@code runDir}: from its newest valid checkpoint (same model, placement,
   * data, board state for a simulated board, calibration and trainer state) or, killed before its
   * first checkpoint, again from its configuration; either way it ends exactly as an uninterrupted
   * run would.
   *
   * @param epochs null to train the epochs the run asked for; otherwise the run's new total, at
   *     least the epochs it finished (a 4-epoch run resumed with 6 trains epochs 5 and 6, as a
   *     6-epoch run would have)
   */
  public static TrainReport resume(Path runDir, Integer epochs, TrainingListener listener, Consumer<String> note) {
    long t0 = System.nanoTime();
    RunFiles files = RunFiles.existing(runDir);
    if (!files.hasCheckpoint()) {
      RunRecord config = files.configuration();
      if (config == null)
        throw new insitu.errors.BadInputException(runDir + ": no checkpoint and no run configuration (" + RunFiles.CONFIGURATION
            + ") to resume from");
      TrainRequest r = withEpochs(config, epochs).request();
      note.accept("no checkpoint yet in " + runDir + ": starting the run again from its configuration");
      return TrainingRun.begin(r, files, listener, note);
    }
    PlotWarmUp.start();
    Checkpoint ckpt = files.checkpoints().loadLatest();
    RunRecord run = withEpochs(RunRecord.fromJson(ckpt.runJson(), runDir), epochs);
    if (epochs != null) files.writeConfiguration(run);
    TrainRequest r = run.request();
    Artifact artifact = ArtifactBytes.read(ckpt.artifact(), runDir);
    DatasetSplit data = TrainingRun.data(r, note);
    try (Session s = Session.open(r.board(), r.seed())) {
      s.restoreBoard(ckpt.boardState(), "the checkpoint in " + runDir);
      Calibration cal = files.calibration();
      s.deploy(artifact.graph(), artifact.placement(), cal);
      TrainingOptions options = TrainingRun.options(r, s, r.resolvedUpdate(cal != null));
      s.resume(options, ckpt.trainer());
      TrainerState.Epoch unfinished = ckpt.trainer().epoch();
      int next = unfinished != null ? unfinished.epoch() : run.epochs().size() + 1;
      if (next > r.epochs())
        note.accept("the run in " + runDir + " has finished its " + r.epochs() + " epoch(s); nothing to train (--epochs N extends it)");
      else
        note.accept("resuming " + runDir + " from the checkpoint after batch " + ckpt.step() + " (epoch " + next + " of " + r.epochs() + ")");
      return TrainingRun.train(s, options, run, files, data, ckpt.step(), next, TrainReport.Setup.NONE, listener, t0);
    }
  }

  /** The run with its total of epochs set to {@code epochs} (null: unchanged), which may not undo finished ones. */
  private static RunRecord withEpochs(RunRecord run, Integer epochs) {
    if (epochs == null) return run;
    if (epochs < run.epochs().size())
      throw new UsageException("the run has finished " + run.epochs().size() + " epoch(s); --epochs with --resume is the run's new total"
          + " and cannot be less");
    return run.withRequest(run.request().withEpochs(epochs));
  }

  static String runName(TrainRequest r) {
    String model = Path.of(r.model()).getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
    return model + "-seed" + r.seed() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }
}
