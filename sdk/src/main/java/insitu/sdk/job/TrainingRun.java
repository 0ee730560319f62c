package insitu.sdk.job;

import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.ir.Graph;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.Programmed;
import insitu.runtime.session.Session;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.Predictor;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.InputFeeding;
import insitu.sdk.report.PlotWarmUp;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One training run on a session: begun from its first batch (configuration written, board opened
 * and calibrated, model mapped and programmed) or continued from a checkpoint, its epochs trained
 * with checkpoints, then its report, plots and model written. {@code train} and {@code finetune}
 * are both such runs.
 */
final class TrainingRun {
  private TrainingRun() {}

  /** A new run in {@code files}, a directory already claimed for it; what it wrote goes again if it fails before it can be resumed. */
  static TrainReport begin(TrainRequest r, RunFiles files, TrainingListener listener, Consumer<String> note) {
    long t0 = System.nanoTime();
    PlotWarmUp.start();
    try {
      Graph graph = ModelCatalog.load(r.model(), r.seed());
      DatasetSplit data = data(r, note);
      checkCompatible(r, graph, data);
      return start(r, graph, data, files, listener, note, t0);
    } catch (RuntimeException e) {
      files.discardIfNothingToResume();
      throw e;
    }
  }

  /** A run from its first batch: configuration written, board opened and calibrated, model mapped, programmed, trained. */
  private static TrainReport start(TrainRequest r, Graph graph, DatasetSplit data, RunFiles files, TrainingListener listener,
                                           Consumer<String> note, long t0) {
    RunRecord run = RunRecord.starting(r);
    files.writeConfiguration(run); // before the board is touched: a run killed from now on can start again
    try (Session s = Session.open(r.board(), r.seed())) {
      DeviceSetup device = r.device();
      device.ageSeconds(s.board());
      var resolved = device.resolve(s.board(), note);
      Calibration cal = resolved.map(Calibrations.Resolved::calibration).orElse(null);
      if (cal != null) files.saveCalibration(cal);
      var mapping = s.map(graph, cal);
      s.deploy(graph, mapping.placement(), cal);
      Optional<String> placement = cal == null ? Optional.empty() : Optional.of("mapped with the calibration: " + mapping.describe());
      Initialization init = r.resolvedInit();
      Programmed programmed = s.program(init.programming());
      Samples test = data.test().samples();
      Optional<TrainReport.Lifecycle> life = Optional.empty();
      if (r.age() != null) {
        Optional<Double> fresh = init == Initialization.WEIGHTS
            ? Optional.of(new Predictor(s.deployment().executor(), r.batch()).accuracy(test)) : Optional.empty();
        life = Optional.of(new TrainReport.Lifecycle(fresh, device.age(s, note)));
      }
      TrainingOptions options = options(r, s, r.resolvedUpdate(cal != null));
      Trainer trainer = s.train(options);
      checkClasses(r, trainer, data);
      double[] before = init == Initialization.WEIGHTS ? trainer.evaluatePerOutput(test) : null;
      run = run.withStart(before, programmed.description());
      var setup = new TrainReport.Setup(resolved.map(Calibrations.Resolved::summary), placement, life,
          Optional.ofNullable(programmed.report()).map(TrainReport.Programming::of));
      return train(s, options, run, files, data, 0, 1, setup, listener, t0);
    }
  }

  /** Trains the run's remaining epochs, checkpointing, then reports and writes the run's files. */
  static TrainReport train(Session s, TrainingOptions options, RunRecord run, RunFiles files, DatasetSplit data, long step,
                           int firstEpoch, TrainReport.Setup setup, TrainingListener listener, long t0) {
    Samples train = data.train().samples(), test = data.test().samples();
    ModelNotes declared = ModelCatalog.notes(run.request().model()); // what the trained model keeps saying (its input range)
    RunRecord finished;
    try (CheckpointWriter writer = new CheckpointWriter(listener, files, s, run, step, declared)) {
      int last = run.request().epochs();
      writer.onRun(firstEpoch, last);
      for (int e = firstEpoch; e <= last; e++) s.trainer().trainEpoch(train, test, e, writer);
      finished = writer.run();
    }
    var outcome = RunReports.outcome(s, finished, train, test, t0);
    return RunReports.write(files, s, finished, RunReports.settings(s, options, finished), setup, outcome, declared);
  }

  /** The run's data set, fed in the input range its model declares (built-in data sets mapped onto it, files checked against it). */
  static DatasetSplit data(TrainRequest r, Consumer<String> warn) {
    return InputFeeding.feed(DataSets.resolve(r.data(), r.seed()), r.data(), ModelCatalog.inputRange(r.model()), warn);
  }

  /** The trainer's options of a request on a session's board: the resolved rule with the board's gate step per weight. */
  static TrainingOptions options(TrainRequest r, Session s, UpdateChoice update) {
    double lr = r.withUpdate(update).resolvedLearningRate(), decay = r.lrDecay() != null ? r.lrDecay() : update.defaultDecay();
    return new TrainingOptions(r.epochs(), r.batch(), lr, decay, r.optimizer(), s.update(update), r.seed(), true);
  }

  /** The model's input must take the data's samples, e.g. paper-convlstm needs 3-frame sequences; no split may be empty. */
  static void checkCompatible(TrainRequest r, Graph graph, DatasetSplit data) {
    int[] want = graph.input().sampleShape();
    for (Dataset half : new Dataset[] {data.train(), data.test()}) {
      int[] have = half.sampleShape();
      if (!Arrays.equals(want, have))
        throw new UsageException("model " + r.model() + " takes samples of shape " + Arrays.toString(want) + " but data "
            + r.data() + " has samples of shape " + Arrays.toString(have)
            + (want.length == 4 ? " (use --data mnist-seq)" : want.length == 3 && have.length == 4 ? " (use --model paper-convlstm)" : ""));
      if (half.size() == 0) throw new BadInputException("data " + r.data() + ": a split holds no samples");
    }
  }

  /**
   * The model's prediction must score as many classes as the data has, checked on one test sample;
   * a label the model cannot predict is bad data (exit 3), fewer classes than outputs a usage error.
   */
  private static void checkClasses(TrainRequest r, Trainer trainer, DatasetSplit data) {
    Dataset test = data.test();
    double[] first = new double[test.sampleSize()];
    test.sample(0, first);
    double[] out = new Predictor(trainer.executor(), 1).outputs(first, 1, test.sampleShape());
    if (out.length != test.classes()) {
      data.train().requireLabelsBelow(out.length);
      test.requireLabelsBelow(out.length);
      throw new UsageException("model " + r.model() + " predicts " + out.length + " classes but data " + r.data() + " has "
          + test.classes());
    }
  }
}
