package insitu.bench;

import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.session.Programming;
import insitu.runtime.session.Session;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.OptimizerKind;
import insitu.runtime.train.Predictor;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.sdk.data.Dataset;
import insitu.sdk.job.DataSets;
import insitu.sdk.job.ModelCatalog;
import insitu.sdk.job.TrainRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * In situ training throughput: the same setup as {@code insitu train} (board, paper initialization,
 * options), timing training epochs only (no evaluation). A session stays open so its epochs can
 * alternate with a peer's.
 */
final class TrainingBench implements AutoCloseable {
  /** Samples/s of the timed epochs; pulses and cell reads of every epoch, warm-up ones first. */
  record Result(double[] samplesPerSecond, long[] pulses, long[] reads) {
    static final Result NONE = new Result(new double[0], new long[0], new long[0]);

    double medianSamplesPerSecond() {
      return Stats.median(samplesPerSecond);
    }
  }

  private final Session session;
  private final Trainer trainer;
  private final Samples samples;
  private final List<EpochReport> reports = new ArrayList<>();

  /** As {@code insitu train} sets up a built-in model from scratch: mapped, the paper's initialization, insitu's default rule. */
  TrainingBench(String model, Dataset train, String boardSpec, long seed, Workers workers) {
    this(ModelCatalog.load(model, seed), ModelCatalog.defaults(model).batch(), TrainRequest.LEARNING_RATE, train, boardSpec, new Programming.PaperInit(),
        seed, workers);
  }

  /** A lowered graph, mapped, programmed as {@code init} says, trained with insitu's default rule in batches of {@code batch} at {@code learningRate}. */
  TrainingBench(Graph graph, int batch, double learningRate, Dataset train, String boardSpec, Programming init, long seed, Workers workers) {
    session = Session.open(boardSpec, seed, workers);
    try {
      session.deploy(graph, session.map(graph, null).placement(), null);
      session.program(init);
      trainer = session.train(new TrainingOptions(1, batch, learningRate,
          TrainingOptions.DEFAULT_DECAY, OptimizerKind.RMSPROP, session.update(UpdateChoice.ACCUMULATE), seed, true));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    samples = train.samples();
  }

  /** Trains one more epoch; returns its samples/s. */
  double epoch() {
    EpochReport e = trainer.trainEpoch(samples, null, reports.size() + 1, TrainingListener.NONE);
    reports.add(e);
    return e.samplesPerSecond();
  }

  /** The deployed model's executor (inference on the model as trained so far). */
  GraphExecutor executor() {
    return session.deployment().executor();
  }

  /** Batched inference on the model as trained so far. */
  Predictor predictor(int batch) {
    return new Predictor(session.deployment().executor(), batch);
  }

  /** Pulses of every epoch so far. */
  long[] pulses() {
    return reports.stream().mapToLong(EpochReport::pulses).toArray();
  }

  /** Training accuracy of every epoch so far (that the model learns, not only how fast). */
  double[] trainAccuracy() {
    return reports.stream().mapToDouble(EpochReport::trainAccuracy).toArray();
  }

  /** Cell reads of every epoch so far. */
  long[] reads() {
    return reports.stream().mapToLong(EpochReport::reads).toArray();
  }

  @Override public void close() {
    session.close();
  }

  /** Trains {@code warmup} untimed epochs, then {@code epochs} timed ones. */
  static Result run(String model, Dataset train, String board, int warmup, int epochs, long seed, Workers workers) {
    try (TrainingBench t = new TrainingBench(model, train, board, seed, workers)) {
      for (int e = 0; e < warmup; e++) t.epoch();
      double[] timed = new double[epochs];
      for (int e = 0; e < epochs; e++) timed[e] = t.epoch();
      return new Result(timed, t.pulses(), t.reads());
    }
  }
}
