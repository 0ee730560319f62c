package insitu.samples;

import static org.junit.jupiter.api.Assertions.*;

import insitu.samples.embedded.SensorLoopApp;
import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void sensorLoopLearnsFromOccasionalLabels() {
    String summary = SensorLoopApp.run("sim", 3000);
    var m = java.util.regex.Pattern.compile("last (\\d+) samples (0\\.\\d+)").matcher(summary);
    assertTrue(m.find(), summary);
    // 600 labels in batches of 20 = 30 in situ updates from an untrained start (chance 0.1).
    assertTrue(Double.parseDouble(m.group(2)) > 0.5, summary);
  }
}
