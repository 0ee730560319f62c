package insitu.sdk;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BadInputException;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedModelTest {
  @TempDir Path tmp;
  static final DatasetSplit DIGITS = Insitu.data("mnist8");

  @Test
  void concurrentPredictionsEqualSequentialOnes() {
    Dataset test = DIGITS.test().subset(0, 200);
    try (DeployedModel m = Insitu.load("paper-cnn").deploy("sim:ideal", DeployOptions.trainFromScratch())) {
      double[] x = test.x();
      int[] sequential = m.predict(x, test.size());
      int[] parallel = IntStream.range(0, test.size()).parallel()
          .map(i -> m.predict(java.util.Arrays.copyOfRange(x, i * 64, i * 64 + 64))).toArray();
      assertArrayEquals(sequential, parallel);
    }
  }

  @Test
  void checkpointRestoresTheSamePredictions() {
    Path file = tmp.resolve("m.xbar");
    Dataset test = DIGITS.test().subset(0, 300);
    int[] before;
    try (DeployedModel m = Insitu.load("paper-cnn").deploy("sim:ideal", DeployOptions.trainFromScratch())) {
      m.fineTune(DIGITS.train().subset(0, 2000), 1);
      before = m.predict(test.x(), test.size());
      m.checkpoint(file);
    }
    try (DeployedModel r = Insitu.load(file.toString()).deploy("sim:ideal")) {
      assertTrue(r.initialization().contains("write-verify"), r.initialization());
      int[] after = r.predict(test.x(), test.size());
      int same = 0;
      for (int i = 0; i < after.length; i++) if (after[i] == before[i]) same++;
      // Write-verify lands within ±2 µS of each target, so a few borderline digits may flip.
      assertTrue(same >= 0.97 * after.length, same + " of " + after.length + " predictions unchanged");
    }
  }

  @Test
  void streamLearningUpdatesOnceABatchIsFull() {
    try (DeployedModel m = Insitu.load("paper-cnn").deploy("sim", DeployOptions.trainFromScratch().withBatch(4))) {
      Dataset d = DIGITS.train();
      long pulses = m.counters().pulses();
      for (int i = 0; i < 3; i++) assertFalse(m.learn(java.util.Arrays.copyOfRange(d.x(), i * 64, i * 64 + 64), d.y()[i], 10));
      assertEquals(pulses, m.counters().pulses(), "no update before the batch is full");
      assertTrue(m.learn(java.util.Arrays.copyOfRange(d.x(), 3 * 64, 4 * 64), d.y()[3], 10));
    }
  }

  @Test
  void wrongSampleSizeIsAClearError() {
    try (DeployedModel m = Insitu.load("paper-cnn").deploy("sim:ideal")) {
      BadInputException e = assertThrows(BadInputException.class, () -> m.predict(new double[63]));
      assertTrue(e.getMessage().contains("[1, 8, 8]"), e.getMessage());
      assertThrows(BadInputException.class, () -> m.learn(new double[64], 12, 10));
    }
  }

  @Test
  void aCalibrationMakesARealisticBoardUsable() {
    // The PyTorch-trained paper CNN (95.6 % in PyTorch) on HfOx-class devices (1–40 µS, 2 % stuck):
    // with the paper's gate response and 100 µS per weight it cannot be programmed; with the
    // board's own calibration it lands within a few points of PyTorch.
    String onnx = Path.of("../compiler/src/test/resources/fixtures/paper_cnn.onnx").toString();
    var test = Insitu.data("mnist8").test();
    insitu.runtime.calibrate.Calibration cal;
    try (var board = Insitu.board("sim:realistic")) {
      cal = Insitu.calibrate(board);
    }
    double plain, calibrated;
    try (DeployedModel m = Insitu.load(onnx).deploy("sim:realistic")) {
      plain = m.accuracy(test);
    }
    try (DeployedModel m = Insitu.load(onnx).deploy("sim:realistic", DeployOptions.defaults().withCalibration(cal))) {
      calibrated = m.accuracy(test);
      assertTrue(m.initialization().contains("write-verify"), m.initialization());
    }
    System.out.printf("SDK on sim:realistic: %.2f %% without a calibration, %.2f %% with it%n", 100 * plain, 100 * calibrated);
    assertTrue(plain < 0.5, "uncalibrated accuracy " + plain);
    assertTrue(calibrated > 0.93, "calibrated accuracy " + calibrated);
  }
}
