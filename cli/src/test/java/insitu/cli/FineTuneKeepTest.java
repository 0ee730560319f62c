package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code finetune --out --lr --keep}: a run of its own where it is told, at its rate, keeping the best epoch; never nested. */
class FineTuneKeepTest {
  @TempDir Path tmp;

  @Test
  void fineTuningWritesWhereToldAtItsRateAndKeepsTheBestEpoch() throws Exception {
    Path run = tmp.resolve("run"), ft = tmp.resolve("ft");
    assertEquals(0, CliRun.of("train", "--epochs", "1", "--out", run.toString(), "--quiet").exit());
    CliRun f = CliRun.of("finetune", "--checkpoint", run.toString(), "--board", "sim:paper?seed=5", "--epochs", "2", "--lr", "0.002",
        "--keep", "best", "--out", ft.toString(), "--json", "--quiet");
    assertEquals(0, f.exit(), f.err());
    JsonObject j = f.json();
    assertEquals(ft.toString(), j.get("run_dir").getAsString());
    assertEquals(0.002, j.get("learning_rate").getAsDouble());
    assertEquals("best", j.get("kept").getAsString());
    int best = 0;
    double bestAccuracy = -1;
    for (JsonElement e : j.getAsJsonArray("epochs")) {
      double a = e.getAsJsonObject().get("test_accuracy").getAsDouble();
      if (a > bestAccuracy) { bestAccuracy = a; best = e.getAsJsonObject().get("epoch").getAsInt(); }
    }
    assertEquals(best, j.get("kept_epoch").getAsInt());
    assertArrayEquals(Files.readAllBytes(ft.resolve("best.xbar")), Files.readAllBytes(ft.resolve("model.xbar")));

    // The default place of a fine-tuning run is next to its source, not inside it.
    CliRun again = CliRun.of("finetune", "--checkpoint", ft.toString(), "--json", "--quiet");
    assertEquals(0, again.exit(), again.err());
    Path dir = Path.of(again.json().get("run_dir").getAsString());
    assertEquals(tmp.toAbsolutePath().normalize(), dir.getParent());
    assertTrue(dir.getFileName().toString().startsWith("ft-finetune-"), dir.toString());
    assertEquals(2, CliRun.of("finetune", "--checkpoint", run.toString(), "--out", ft.toString(), "--quiet").exit(),
        "a fine-tuning run never writes into an existing run");
  }
}
