package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's main job: the demo configuration, end to end through the CLI. */
class DemoTest {
  @TempDir Path tmp;

  @Test
  void demoConfigurationBeatsThePapersHardwareAccuracy() throws Exception {
    // `train` with no options is the demo's configuration; --out keeps the run inside the temp dir.
    CliRun r = CliRun.of("train", "--json", "--quiet", "--out", tmp.toString());
    assertEquals(0, r.exit(), r.err());
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    double acc = j.get("accuracy").getAsDouble();
    // Paper hardware: 92.13 %. Issue target for the default seed: 93.0 %. Measured 94.00 % at seed 1.
    assertTrue(acc >= 0.93, "accuracy " + acc);
    assertEquals(15, j.getAsJsonArray("epochs").size());
    assertEquals(2000, j.get("test_samples").getAsInt());
    assertEquals(120000, j.get("samples").getAsLong());
    var e1 = j.getAsJsonArray("epochs").get(0).getAsJsonObject();
    for (String k : new String[] {"epoch", "train_accuracy", "test_accuracy", "seconds", "samples_per_second", "pulses", "reads"})
      assertTrue(e1.has(k), "epoch entry has " + k);
    assertTrue(Files.size(tmp.resolve("training-curve.png")) > 1000);
    assertTrue(Files.size(tmp.resolve("conductance-map.png")) > 1000);
    assertTrue(Files.exists(tmp.resolve("report.json")));
  }
}
