package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.boards.capability.LinkCounters;
import insitu.boards.capability.LinkStatistics;
import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.runtime.train.WriteVerifyUpdate;
import insitu.runtime.train.Loss;
import insitu.runtime.train.LearningRateSchedule;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.calibrate.CalibratedDeployment;
import java.util.function.Consumer;
import insitu.errors.UsageException;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetResolver;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.InputFeeding;
import insitu.sdk.report.ConductanceMap;
import insitu.sdk.report.TrainingCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/** Trains a model in situ on a board and writes the run's report and plots. */
public final class TrainJob {
  /** Gate voltage of the paper's initialization (all devices SET here). */
  public static final double VG0 = 1.6;

  private TrainJob() {}

  public static Map<String, Object> run(TrainRequest r, TrainingListener listener) {
    return run(r, listener, msg -> Logger.info(msg));
  }

  /** @param note one-line messages for the user (self-test run, board aged) */
  public static Map<String, Object> run(TrainRequest r, TrainingListener listener, Consumer<String> note) {
    long t0 = System.nanoTime();
    Graph graph = ModelCatalog.load(r.model(), r.seed());
    DatasetSplit data = InputFeeding.feed(resolveData(r.data(), r.seed()), r.data(), ModelCatalog.inputRange(r.model()), note);
    checkCompatible(r, graph, data);
    Path dir = r.outDir() != null ? r.outDir() : Path.of("runs", runName(r));
    r = r.withOutDir(dir);
    options(r.withUpdate(r.resolvedUpdate(false))); // usage errors before the board is touched
    try (Workers workers = Workers.perCore(); Board board = openBoard(r.board(), r.seed(), workers)) {
      DeviceSetup device = r.device();
      device.ageSeconds(board);
      Map<String, Object> extra = new LinkedHashMap<>();
      Calibration cal = device.resolve(board, extra, note);
      if (cal != null) saveCalibration(cal, dir);
      r = r.withUpdate(r.resolvedUpdate(cal != null));
      var mapping = Placements.map(board, graph, cal);
      Deployment d = Placements.deploy(board, workers, graph, mapping);
      if (cal != null) extra.put("placement", "mapped with the calibration: " + mapping.describe());
      GateResponse response = cal == null ? GateResponse.paper() : cal.gateResponse();
      Map<String, Object> programming = new LinkedHashMap<>();
      String init = switch (r.resolvedInit()) {
        case "paper" -> initialize(d, response, cal == null ? VG0 : response.gateFor(cal.centerSiemens()));
        case "weights" -> programWeights(d, response, cal, programming);
        default -> throw new UsageException("unknown --init '" + r.init() + "'; valid: auto, paper, weights");
      };
      Samples test = samples(data.test());
      if (r.age() != null) {
        Map<String, Object> life = new LinkedHashMap<>();
        if (r.resolvedInit().equals("weights")) life.put("accuracy_fresh", new insitu.runtime.train.Predictor(d.executor(), r.batch()).accuracy(test));
        life.put("age_seconds", device.age(d, note));
        extra.put("lifecycle", life);
      }
      Trainer trainer = trainer(d, r, cal);
      checkClasses(r, trainer, test);
      double[] before = r.resolvedInit().equals("weights") ? trainer.evaluatePerOutput(test) : null;
      var run = new RunCheckpoints.RunRecord(r, new ArrayList<>(), before, init);
      Map<String, Object> report = train(r, d, trainer, data, run, 0, 1, programming, listener, t0, extra);
      return report;
    }
  }

  /**
   * Continues the run in {@code runDir} from its newest valid checkpoint: same model, placement,
   * data, board state (for a simulated board), calibration and trainer state, so the run ends
   * exactly as an uninterrupted one would.
   */
  public static Map<String, Object> resume(Path runDir, TrainingListener listener) {
    long t0 = System.nanoTime();
    var ckpt = RunCheckpoints.store(runDir).loadLatest();
    var run = RunCheckpoints.fromJson(ckpt.runJson(), runDir);
    TrainRequest r = run.request();
    var artifact = ArtifactBytes.read(ckpt.artifact(), runDir);
    DatasetSplit data = InputFeeding.feed(resolveData(r.data(), r.seed()), r.data(), ModelCatalog.inputRange(r.model()), Logger::warn);
    try (Workers workers = Workers.perCore(); Board board = openBoard(r.board(), r.seed(), workers)) {
      BoardAbilities.restoreState(board, ckpt.boardState(), runDir);
      Deployment d = new Deployment(board, workers, artifact.graph(), artifact.placement());
      Path saved = runDir.resolve(CALIBRATION_FILE);
      Trainer trainer = trainer(d, r, Files.isRegularFile(saved) ? CalibrationJson.read(saved) : null);
      trainer.restore(ckpt.trainer());
      // A real board kept its own conductances, which moved on after the checkpoint: read them.
      if (ckpt.boardState() == null) d.readBack();
      var unfinished = ckpt.trainer().epoch();
      int next = unfinished != null ? unfinished.epoch() : run.epochs().size() + 1;
      Logger.info("resuming {} from checkpoint at batch {} (epoch {})", runDir, ckpt.step(), next);
      return train(r, d, trainer, data, run, ckpt.step(), next, new LinkedHashMap<>(), listener, t0, new LinkedHashMap<>());
    }
  }

  /** A run's calibration lives in its directory, so {@code --resume} trains on with exactly the same one. */
  static final String CALIBRATION_FILE = "calibration.json";

  private static void saveCalibration(Calibration c, Path dir) {
    try {
      Files.createDirectories(dir);
      CalibrationJson.write(c, dir.resolve(CALIBRATION_FILE));
    } catch (IOException | RuntimeException e) {
      throw new insitu.errors.BadInputException("cannot write the run's calibration into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The trainer of a request: its optimizer and schedule, and its update rule driven by the
   * calibration's gate response when there is one (the paper's otherwise). {@code write-verify}
   * re-programs fired pairs closed loop, with the calibration's window and stuck devices.
   */
  static Trainer trainer(Deployment d, TrainRequest r, Calibration cal) {
    return trainer(d, options(r), cal);
  }

  /**
   * A trainer for a deployment: on a calibrated board with the board's gate response and volts per
   * unit weight; the write-verify update moves each weight's free devices around its stuck ones.
   */
  public static Trainer trainer(Deployment d, TrainingOptions o, Calibration cal) {
    GateResponse response = cal == null ? GateResponse.paper() : cal.gateResponse();
    if (cal != null)
      o = new TrainingOptions(o.epochs(), o.batch(), o.learningRate(), o.lrDecay(), o.optimizer(), o.update(), o.fireThresholdVolts(),
          cal.voltsPerWeight(), o.seed(), o.shuffle());
    if (!o.update().equals("write-verify")) return new Trainer(d, o, response);
    WriteVerifyOptions wv = cal == null ? WriteVerifyOptions.defaults(response.conductanceAt(VG0)) : cal.writeVerifyOptions();
    var rule = new WriteVerifyUpdate(response, wv, LifecycleSteps.FINE_TUNE_THRESHOLD, cal == null ? null : cal.stuckDevices());
    return new Trainer(d, o, rule, Loss.crossEntropy(Loss.Steps.LAST), new LearningRateSchedule.Exponential(o.learningRate(), o.lrDecay()));
  }

  private static Map<String, Object> train(TrainRequest r, Deployment d, Trainer trainer, DatasetSplit data,
                                           RunCheckpoints.RunRecord run, long step, int firstEpoch,
                                           Map<String, Object> programming, TrainingListener listener, long t0,
                                           Map<String, Object> extra) {
    Board board = d.board();
    Graph graph = d.graph();
    TrainingOptions options = options(r);
    Samples train = samples(data.train()), test = samples(data.test());
    var writer = new RunCheckpoints.Writer(listener, RunCheckpoints.store(r.outDir()), d, run, step);
    writer.attach(trainer);
    for (int e = firstEpoch; e <= r.epochs(); e++) trainer.trainEpoch(train, test, e, writer);
    List<EpochReport> epochs = writer.epochs();
    double[] before = run.initialAccuracy();
    String init = run.initialization();
    {
      double[] perStep = epochs.isEmpty() ? trainer.evaluatePerOutput(test) : epochs.get(epochs.size() - 1).testAccuracyPerOutput();
      double accuracy = perStep[perStep.length - 1];
      double seconds = (System.nanoTime() - t0) / 1e9;

      Map<String, Object> report = new LinkedHashMap<>();
      report.put("command", "train");
      report.put("model", r.model());
      report.put("data", r.data());
      report.put("board", board.spec().name());
      report.put("seed", r.seed());
      report.put("optimizer", options.optimizer());
      report.put("update", trainer.rule().name());
      report.put("learning_rate", options.learningRate());
      report.put("lr_decay", options.lrDecay());
      report.put("batch", options.batch());
      report.put("initialization", init);
      report.putAll(extra);
      if (!programming.isEmpty()) report.put("program", programming);
      if (before != null) report.put("initial_accuracy", before[before.length - 1]);
      report.put("weights", graph.crossbarWeightCount());
      report.put("devices", d.placement().devicesUsed());
      report.put("loss", trainer.loss().name());
      report.put("epochs_requested", r.epochs());
      report.put("accuracy", accuracy);
      report.put("accuracy_per_step", toList(perStep));
      report.put("samples", (long) train.size() * r.epochs());
      report.put("train_samples", train.size());
      report.put("test_samples", test.size());
      report.put("seconds", seconds);
      List<Map<String, Object>> ep = new ArrayList<>();
      for (EpochReport e : epochs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("train_accuracy", e.trainAccuracy());
        m.put("test_accuracy", e.testAccuracy());
        m.put("test_accuracy_per_step", toList(e.testAccuracyPerOutput()));
        m.put("loss", e.loss());
        m.put("learning_rate", e.learningRate());
        m.put("seconds", e.seconds());
        m.put("samples_per_second", e.samplesPerSecond());
        m.put("pulses", e.pulses());
        m.put("reads", e.reads());
        ep.add(m);
      }
      report.put("epochs", ep);
      var c = board.counters();
      report.put("pulses", c.pulses());
      report.put("reads", c.cellReads());
      report.put("mvm_vectors", c.mvmVectors());
      report.put("retries", c.retries());
      board.capability(LinkStatistics.class).ifPresent(link -> report.put("link", linkReport(link.linkCounters())));
      report.put("final_conductance_sha256", ConductanceDigest.of(d));
      report.put("checkpoints", RunCheckpoints.store(r.outDir()).directory().toString());
      writeArtifacts(r.outDir(), report, epochs, d);
      return report;
    }
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double v : a) l.add(v);
    return l;
  }

  /** The model's input must take the data's samples, e.g. paper-convlstm needs 3-frame sequences. */
  static void checkCompatible(TrainRequest r, Graph graph, DatasetSplit data) {
    int[] want = graph.input().sampleShape(), have = data.train().sampleShape();
    if (!java.util.Arrays.equals(want, have))
      throw new UsageException("model " + r.model() + " takes samples of shape " + java.util.Arrays.toString(want) + " but data "
          + r.data() + " has samples of shape " + java.util.Arrays.toString(have)
          + (want.length == 4 ? " (use --data mnist-seq)" : want.length == 3 && have.length == 4 ? " (use --model paper-convlstm)" : ""));
  }

  /** The model's prediction must score as many classes as the data has, checked on one test sample. */
  private static void checkClasses(TrainRequest r, Trainer trainer, Samples test) {
    if (test.size() == 0) return;
    double[] out = new insitu.runtime.train.Predictor(trainer.executor(), 1)
        .outputs(java.util.Arrays.copyOf(test.x(), test.sampleSize()), 1, test.sampleShape());
    if (out.length != test.classes())
      throw new UsageException("model " + r.model() + " predicts " + out.length + " classes but data " + r.data() + " has "
          + test.classes());
  }

  /** What a serial link went through: resends, losses, resets seen, bytes and payload efficiency. */
  static Map<String, Object> linkReport(LinkCounters l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("retries", l.retries());
    m.put("timeouts", l.timeouts());
    m.put("gap_queries", l.gapQueries());
    m.put("fetches", l.fetches());
    m.put("parts_resent", l.partsResent());
    m.put("crc_errors", l.crcErrors());
    m.put("malformed_frames", l.malformedFrames());
    m.put("epoch_changes", l.epochChanges());
    m.put("naks", l.naks());
    m.put("frames_sent", l.framesSent());
    m.put("frames_received", l.framesReceived());
    m.put("wire_bytes_sent", l.wireBytesSent());
    m.put("wire_bytes_received", l.wireBytesReceived());
    m.put("payload_efficiency", l.payloadEfficiency());
    m.put("tx_part_bytes", l.txPartBytes());
    m.put("rx_part_bytes", l.rxPartBytes());
    return m;
  }

  static String runName(TrainRequest r) {
    String model = Path.of(r.model()).getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
    return model + "-seed" + r.seed() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /**
   * The paper's initialization (RESET all, SET all at Vg0). A noiseless board leaves every pair
   * exactly balanced, so nothing breaks the symmetry of the weights; there we program the model's
   * own random initial weights instead.
   */
  public static String initialize(Deployment d, GateResponse response) {
    return initialize(d, response, VG0);
  }

  /** The same at gate {@code vg0} (a calibrated board's: the gate of its window centre). */
  public static String initialize(Deployment d, GateResponse response, double vg0) {
    d.initializeUniform(response, vg0);
    boolean allZero = true;
    for (CrossbarBlock b : d.blocks().values())
      for (double w : b.weights()) if (w != 0) { allZero = false; break; }
    if (!allZero) return String.format("paper (RESET all, SET all at Vg0 = %s V)", fmt(vg0));
    Logger.info("initial weights are exactly zero (noiseless devices): programming random initial weights instead");
    d.programOpenLoop(response, vg0);
    return String.format("random weights U(-1,1)/sqrt(fan_in) programmed open loop around Vg0 = %s V", fmt(vg0));
  }

  private static String fmt(double volts) {
    return volts == VG0 ? Double.toString(VG0) : String.format("%.2f", volts);
  }

  /** Programs the model's own (trained) weights with write-verify: the start of in situ fine-tuning. */
  public static String programWeights(Deployment d, GateResponse response, Map<String, Object> out) {
    return programWeights(d, response, null, out);
  }

  /** The same on a calibrated board: every weight's devices compensate its stuck ones ({@link CalibratedDeployment}). */
  public static String programWeights(Deployment d, GateResponse response, Calibration cal, Map<String, Object> out) {
    var report = cal != null ? CalibratedDeployment.programWriteVerify(d, cal)
        : d.programWriteVerify(response, WriteVerifyOptions.defaults(response.conductanceAt(VG0)));
    out.put("cells", report.cells());
    out.put("converged", report.converged());
    out.put("failed", report.failed());
    out.put("pulses", report.pulses());
    return "model weights programmed with write-verify (" + report.converged() + "/" + report.cells() + " cells converged)";
  }

  public static TrainingOptions options(TrainRequest r) {
    boolean paper = r.update().equals("paper");
    double decay = r.lrDecay() != null ? r.lrDecay() : paper ? 1.0 : 0.85;
    String update = switch (r.update()) {
      case "paper", "accumulate", "manhattan", "write-verify" -> r.update();
      default -> throw new UsageException("unknown update rule '" + r.update() + "'; valid: auto (default), accumulate, paper, manhattan, write-verify");
    };
    if (!List.of("rmsprop", "sgd", "adam").contains(r.optimizer()))
      throw new UsageException("unknown optimizer '" + r.optimizer() + "'; valid: rmsprop, sgd, adam");
    if (r.epochs() < 0 || r.batch() < 1 || !(r.resolvedLearningRate() > 0))
      throw new UsageException("epochs must be >= 0, batch >= 1 and the learning rate > 0");
    return new TrainingOptions(r.epochs(), r.batch(), r.resolvedLearningRate(), decay, r.optimizer(), update,
        update.equals("accumulate") ? 0.1 : 0, 1.5, r.seed(), true);
  }

  public static DatasetSplit resolveData(String spec, long seed) {
    try {
      return DatasetResolver.resolve(spec, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Opens a board from its spec string; a simulated one runs on {@code workers} (closed by the caller, after the board). */
  public static Board openBoard(String spec, long seed, Workers workers) {
    try {
      return BoardOpener.open(spec, seed, workers);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Opens a board that brings workers of its own and closes them with itself (for boards used briefly or handed to a user). */
  public static Board openBoard(String spec, long seed) {
    try {
      return BoardOpener.open(spec, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  public static Samples samples(Dataset d) {
    return new Samples(d.x(), d.y(), d.sampleShape(), d.classes());
  }

  private static void writeArtifacts(Path dir, Map<String, Object> report, List<EpochReport> epochs, Deployment d) {
    try {
      Files.createDirectories(dir);
      Path curve = dir.resolve("training-curve.png"), map = dir.resolve("conductance-map.png");
      TrainingCurve.write(epochs, curve);
      ConductanceMap.write(d.board(), d.placement(), map);
      report.put("run_dir", dir.toString());
      report.put("plots", List.of(curve.toString(), map.toString()));
      JsonReport.writeAtomically(report, dir.resolve("report.json"));
    } catch (IOException e) {
      throw new insitu.errors.BadInputException("cannot write the run report to " + dir + ": " + e.getMessage(), e);
    }
  }
}
