package insitu.sdk.job;

import insitu.io.AtomicFiles;
import insitu.boards.Board;
import insitu.boards.capability.LinkCounters;
import insitu.boards.capability.LinkStatistics;
import insitu.compiler.artifact.ModelNotes;
import insitu.errors.BadInputException;
import insitu.report.ReportMap;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a training run reports ({@code report.json}) and leaves in its directory: the model it trained, plots, report. */
final class TrainReport {
  private TrainReport() {}

  /** The report of a run whose epochs are done. */
  static Map<String, Object> of(Session s, TrainingOptions options, RunRecord run, Samples train, Samples test,
                                Map<String, Object> programming, Map<String, Object> extra, long t0) {
    TrainRequest r = run.request();
    Deployment d = s.deployment();
    Board board = s.board();
    Trainer trainer = s.trainer();
    List<EpochReport> epochs = run.epochs();
    double[] before = run.initialAccuracy();
    double[] perStep = epochs.isEmpty() ? trainer.evaluatePerOutput(test) : epochs.get(epochs.size() - 1).testAccuracyPerOutput();
    ReportMap report = new ReportMap().put("command", "train").put("model", r.model()).put("data", r.data()).put("board", board.spec().name())
        .put("seed", r.seed()).put("optimizer", options.optimizer().label()).put("update", trainer.rule().name())
        .put("learning_rate", options.learningRate()).put("lr_decay", options.lrDecay()).put("batch", options.batch())
        .put("initialization", run.initialization());
    report.map().putAll(extra);
    if (!programming.isEmpty()) report.put("program", programming);
    if (before != null) report.put("initial_accuracy", before[before.length - 1]);
    report.put("weights", d.graph().crossbarWeightCount()).put("devices", d.placement().devicesUsed()).put("loss", trainer.loss().name())
        .put("epochs_requested", r.epochs()).put("accuracy", perStep[perStep.length - 1]).putNumbers("accuracy_per_step", perStep)
        .put("samples", (long) train.size() * r.epochs()).put("train_samples", train.size()).put("test_samples", test.size())
        .put("seconds", (System.nanoTime() - t0) / 1e9);
    List<Map<String, Object>> ep = new ArrayList<>();
    for (EpochReport e : epochs)
      ep.add(new ReportMap().put("epoch", e.epoch()).put("train_accuracy", e.trainAccuracy()).put("test_accuracy", e.testAccuracy())
          .putNumbers("test_accuracy_per_step", e.testAccuracyPerOutput()).put("loss", e.loss()).put("learning_rate", e.learningRate())
          .put("seconds", e.seconds()).put("samples_per_second", e.samplesPerSecond()).put("pulses", e.pulses()).put("reads", e.reads())
          .map());
    var c = board.counters();
    report.put("epochs", ep).put("pulses", c.pulses()).put("reads", c.cellReads()).put("mvm_vectors", c.mvmVectors())
        .put("retries", c.retries());
    board.capability(LinkStatistics.class).ifPresent(link -> report.put("link", linkReport(link.linkCounters())));
    return report.put("final_conductance_sha256", s.conductanceDigest()).map();
  }

  /**
   * Writes the trained model ({@code model.xbar}: the weights read back from the board, or those
   * of the kept best epoch), the plots and the report, each atomically, the report last.
   */
  static void write(RunFiles files, Session s, RunRecord run, Map<String, Object> report, ModelNotes declared) {
    Path dir = files.dir();
    try {
      Files.createDirectories(dir);
      report.put("checkpoints", files.checkpoints().directory().toString());
      Path model = files.file(RunFiles.MODEL), best = files.file(RunFiles.BEST);
      boolean keptBest = run.request().keep() == Keep.BEST && run.keptEpoch() > 0 && Files.isRegularFile(best);
      if (keptBest) {
        Path tmp = AtomicFiles.temporarySibling(model);
        Files.copy(best, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.commit(tmp, model);
      } else {
        s.deployment().readBack(); // what the board holds now, every block read once more
        s.writeMeasuredModel(model, trainedNotes(declared, s, files, run, (double) report.get("accuracy")));
      }
      report.put("trained_model", model.toString());
      report.put("kept", run.request().keep().label());
      int keptEpoch = keptBest ? run.keptEpoch() : run.epochs().isEmpty() ? 0 : run.epochs().get(run.epochs().size() - 1).epoch();
      report.put("kept_epoch", keptEpoch);
      Path curve = dir.resolve("training-curve.png"), map = dir.resolve("conductance-map.png");
      Path curveTmp = AtomicFiles.temporarySibling(curve), mapTmp = AtomicFiles.temporarySibling(map);
      try {
        var about = new TrainingCurve.Run(String.valueOf(report.get("model")), s.board().spec().name(), String.valueOf(report.get("update")));
        TrainingCurve.write(run.epochs(), about, curveTmp);
        ConductanceMap.write(s.board(), s.deployment().placement(), mapTmp);
        AtomicFiles.commit(curveTmp, curve);
        AtomicFiles.commit(mapTmp, map);
      } finally {
        Files.deleteIfExists(curveTmp);
        Files.deleteIfExists(mapTmp);
      }
      report.put("run_dir", dir.toString());
      report.put("plots", List.of(curve.toString(), map.toString()));
      JsonReport.writeAtomically(report, files.file(RunFiles.REPORT));
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

  /** What a serial link went through: resends, losses, resets seen, bytes and payload efficiency. */
  static Map<String, Object> linkReport(LinkCounters l) {
    return new ReportMap().put("retries", l.retries()).put("timeouts", l.timeouts()).put("gap_queries", l.gapQueries())
        .put("fetches", l.fetches()).put("parts_resent", l.partsResent()).put("crc_errors", l.crcErrors())
        .put("malformed_frames", l.malformedFrames()).put("epoch_changes", l.epochChanges()).put("naks", l.naks())
        .put("frames_sent", l.framesSent()).put("frames_received", l.framesReceived()).put("wire_bytes_sent", l.wireBytesSent())
        .put("wire_bytes_received", l.wireBytesReceived()).put("payload_efficiency", l.payloadEfficiency())
        .put("tx_part_bytes", l.txPartBytes()).put("rx_part_bytes", l.rxPartBytes()).map();
  }
}
