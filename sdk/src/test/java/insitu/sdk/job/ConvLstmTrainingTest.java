package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.errors.UsageException;
import insitu.sdk.data.BundledMnist;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.MnistSequences;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

/** A short in situ training run of the paper's ConvLSTM, and the model/data checks of the train job. */
class ConvLstmTrainingTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }


  @Test
  void oneEpochOnASubsetLearnsTheOrderWellAboveChance() {
    DatasetSplit seq = MnistSequences.of(BundledMnist.load().mnist8());
    Samples train = seq.train().subset(0, 2000).samples(), test = seq.test().subset(0, 500).samples();
    Graph g = PaperModels.convLstm(1);
    try (Board board = BoardOpener.open("sim:ideal?arrays=1", 1, WORKERS)) {
      Deployment d = Deployment.map(board, WORKERS, g, MappingOptions.defaults());
      d.programOpenLoop(GateResponse.paper(), insitu.runtime.session.Session.VG0);
      Trainer trainer = new Trainer(d, TrainingOptions.defaults(1, 50, 1), GateResponse.paper());
      EpochReport r = trainer.trainEpoch(train, test, 1, TrainingListener.NONE);
      assertEquals(3, r.testAccuracyPerOutput().length);
      assertEquals(r.testAccuracy(), r.testAccuracyPerOutput()[2]);
      // Chance is 1/6; only the last step has seen all three digits, and only it is trained.
      assertTrue(r.testAccuracy() > 0.6, "test accuracy " + r.testAccuracy());
      assertTrue(r.pulses() > 0);
    }
  }

  @Test
  void modelAndDataMustAgreeOnTheSampleShape() {
    DatasetSplit digits = BundledMnist.load().mnist8();
    TrainRequest r = TrainRequest.of("paper-convlstm", "mnist8", "sim", 1, 50, 1, null);
    UsageException e = assertThrows(UsageException.class, () -> TrainingRun.checkCompatible(r, PaperModels.convLstm(1), digits));
    assertTrue(e.getMessage().contains("[3, 1, 8, 8]") && e.getMessage().contains("mnist-seq"), e.getMessage());
    DatasetSplit seq = MnistSequences.of(digits);
    TrainRequest c = TrainRequest.of("paper-cnn", "mnist-seq", "sim", 1, 50, 1, null);
    assertThrows(UsageException.class, () -> TrainingRun.checkCompatible(c, PaperModels.cnn(1), seq));
    TrainingRun.checkCompatible(r, PaperModels.convLstm(1), seq);
  }

  @Test
  void defaultsDependOnTheModel() {
    assertEquals(new ModelCatalog.Defaults(8, 50), ModelCatalog.defaults("paper-convlstm"));
    assertEquals(new ModelCatalog.Defaults(15, 100), ModelCatalog.defaults("paper-cnn"));
    assertEquals(850, ModelCatalog.load("paper-convlstm", 1).crossbarWeightCount());
  }
}
