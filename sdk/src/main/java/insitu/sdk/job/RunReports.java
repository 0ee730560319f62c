package insitu.sdk.job;

import insitu.io.AtomicFiles;
import insitu.boards.Board;
import insitu.boards.capability.LinkStatistics;
import insitu.compiler.artifact.ModelNotes;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.session.Session;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingOptions;
import insitu.sdk.report.ConductanceMap;
import insitu.sdk.report.TrainingCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a training run reports ({@link TrainReport}) and leaves in its directory: the model it trained, plots, report. */
final class RunReports {
  private RunReports() {}

  /** What the run was asked, as it ran on the session. */
  static TrainReport.Settings settings(Session s, TrainingOptions options, RunRecord run) {
    TrainRequest r = run.request();
    return new TrainReport.Settings(r.model(), r.data(), s.board().spec().name(), r.seed(), options.optimizer(), s.trainer().rule().name(),
        options.learningRate(), options.lrDecay(), options.batch(), run.initialization());
  }

  /** What training did, once the run's epochs are done. */
  static TrainReport.Outcome outcome(Session s, RunRecord run, Samples train, Samples test, long t0) {
    TrainRequest r = run.request();
    Deployment d = s.deployment();
    Board board = s.board();
    Trainer trainer = s.trainer();
    List<EpochReport> epochs = run.epochs();
    double[] perStep = epochs.isEmpty() ? trainer.evaluatePerOutput(test) : epochs.get(epochs.size() - 1).testAccuracyPerOutput();
    var c = board.counters();
    var link = board.capability(LinkStatistics.class).map(l -> TrainReport.Link.of(l.linkCounters()));
    double[] before = run.initialAccuracy();
    Optional<Double> initial = before == null ? Optional.empty() : Optional.of(before[before.length - 1]);
    return new TrainReport.Outcome(initial, d.graph().crossbarWeightCount(), d.placement().devicesUsed(), trainer.loss().name(), r.epochs(),
        perStep[perStep.length - 1], perStep, (long) train.size() * r.epochs(), train.size(), test.size(), (System.nanoTime() - t0) / 1e9,
        epochs.stream().map(TrainReport.Epoch::of).toList(), BoardUse.of(c), c.retries(), link, s.conductanceDigest());
  }

  /**
   * Writes the trained model ({@code model.xbar}: the weights read back from the board, or those
   * of the kept best epoch), the plots and the report, each atomically, the report last; returns
   * the report.
   */
  static TrainReport write(RunFiles files, Session s, RunRecord run, TrainReport.Settings settings, TrainReport.Setup setup,
                           TrainReport.Outcome outcome, ModelNotes declared) {
    Path dir = files.dir();
    try {
      Files.createDirectories(dir);
      Path model = files.file(RunFiles.MODEL), best = files.file(RunFiles.BEST);
      boolean keptBest = run.request().keep() == Keep.BEST && run.keptEpoch() > 0 && Files.isRegularFile(best);
      if (keptBest) {
        Path tmp = AtomicFiles.temporarySibling(model);
        Files.copy(best, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.commit(tmp, model);
      } else {
        s.deployment().readBack(); // what the board holds now, every block read once more
        s.writeMeasuredModel(model, trainedNotes(declared, s, files, run, outcome.accuracy()));
      }
      int keptEpoch = keptBest ? run.keptEpoch() : run.epochs().isEmpty() ? 0 : run.epochs().get(run.epochs().size() - 1).epoch();
      Path curve = dir.resolve("training-curve.png"), map = dir.resolve("conductance-map.png");
      Path curveTmp = AtomicFiles.temporarySibling(curve), mapTmp = AtomicFiles.temporarySibling(map);
      try {
        TrainingCurve.write(run.epochs(), new TrainingCurve.Run(settings.model(), s.board().spec().name(), settings.update()), curveTmp);
        ConductanceMap.write(s.board(), s.deployment().placement(), mapTmp);
        AtomicFiles.commit(curveTmp, curve);
        AtomicFiles.commit(mapTmp, map);
      } finally {
        Files.deleteIfExists(curveTmp);
        Files.deleteIfExists(mapTmp);
      }
      var written = new TrainReport.Files(files.checkpoints().directory(), model, run.request().keep(), keptEpoch, dir, List.of(curve, map));
      TrainReport report = new TrainReport("train", settings, setup, outcome, written, Optional.empty());
      JsonReport.writeAtomically(report, files.file(RunFiles.REPORT));
      return report;
    } catch (IOException e) {
      throw new BadInputException("cannot write the run report to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a model trained by this run says of itself: what its source model declared (input range,
   * metadata) and that its weights were read back from this run's board after training on its data
   * to {@code accuracy} on the test set.
   */
  static ModelNotes trainedNotes(ModelNotes declared, Session s, RunFiles files, RunRecord run, double accuracy) {
    return declared.trainedInSitu(s.board().spec().name(), files.dir().toString(), run.request().data(), accuracy);
  }
}
