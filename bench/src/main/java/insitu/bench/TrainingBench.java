package insitu.bench;

import insitu.boards.Board;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.sdk.data.Dataset;
import insitu.sdk.job.ModelCatalog;
import insitu.sdk.job.TrainJob;
import insitu.sdk.job.TrainRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * In situ training throughput: the same setup as {@code insitu train} (board, paper initialization,
 * options), timing training epochs only (no evaluation).
 */
final class TrainingBench {
  /** Samples/s of the timed epochs; pulses and cell reads of every epoch, warm-up ones first. */
  record Result(double[] samplesPerSecond, long[] pulses, long[] reads) {
    static final Result NONE = new Result(new double[0], new long[0], new long[0]);

    double medianSamplesPerSecond() {
      return Stats.median(samplesPerSecond);
    }
  }

  private TrainingBench() {}

  /** Trains {@code warmup} untimed epochs, then {@code epochs} timed ones. */
  static Result run(String model, Dataset train, String board, int warmup, int epochs, long seed) {
    var defaults = ModelCatalog.defaults(model);
    TrainRequest r = new TrainRequest(model, "bench", board, epochs, defaults.batch(), 0.01, null, "rmsprop", "accumulate", seed, null);
    Graph graph = ModelCatalog.load(model, seed);
    try (Board b = TrainJob.openBoard(board, seed)) {
      Deployment d = Deployment.map(b, graph, MappingOptions.defaults());
      GateResponse response = GateResponse.paper();
      TrainJob.initialize(d, response);
      Trainer trainer = new Trainer(d, TrainJob.options(r), response);
      Samples s = TrainJob.samples(train);
      List<EpochReport> reports = new ArrayList<>();
      for (int e = 1; e <= warmup + epochs; e++) reports.add(trainer.trainEpoch(s, null, e, TrainingListener.NONE));
      return new Result(reports.stream().skip(warmup).mapToDouble(EpochReport::samplesPerSecond).toArray(),
          reports.stream().mapToLong(EpochReport::pulses).toArray(), reports.stream().mapToLong(EpochReport::reads).toArray());
    }
  }
}
