package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --calibration, --age and --update write-verify on the commands that program a board, not only eval. */
class DeviceOptionsCliTest {
  static final String MODEL = LifecycleCliTest.MODEL;
  @TempDir Path tmp;

  @Test void trainFineTunesAnAgedCalibratedBoardWithWriteVerify() {
    Path cal = tmp.resolve("cal.json");
    assertEquals(0, CliRun.of("board", "selftest", "--board", "sim:realistic", "--out", cal.toString(), "--quiet").exit());
    CliRun t = CliRun.of("train", "--model", MODEL, "--board", "sim:realistic", "--calibration", cal.toString(), "--age", "1d",
        "--epochs", "1", "--out", tmp.resolve("run").toString(), "--json", "--quiet");
    assertEquals(0, t.exit(), t.err());
    JsonObject r = t.json();
    assertEquals(cal.toString(), r.getAsJsonObject("calibration").get("source").getAsString());
    assertTrue(r.get("update").getAsString().startsWith("write-verify"), "auto picks write-verify for fine-tuning a calibrated board");
    assertEquals(0.001, r.get("learning_rate").getAsDouble(), 1e-12);
    assertEquals(86400, r.getAsJsonObject("lifecycle").get("age_seconds").getAsDouble(), 1e-9);
    assertTrue(r.get("placement").getAsString().contains("2 copies"), r.get("placement").getAsString());
    assertTrue(r.get("accuracy").getAsDouble() > 0.93, t.out());
  }

  @Test void trainAcceptsTheWriteVerifyUpdateOnThePaperBoard() {
    CliRun t = CliRun.of("train", "--update", "write-verify", "--epochs", "1", "--out", tmp.resolve("run").toString(), "--json", "--quiet");
    assertEquals(0, t.exit(), t.err());
    assertTrue(t.json().get("update").getAsString().startsWith("write-verify"));
    assertFalse(t.json().has("calibration"), "sim keeps the paper defaults");
    assertTrue(t.json().get("accuracy").getAsDouble() > 0.5, t.out());
  }

  @Test void finetuneAgesTheTargetBoardBeforeTraining() {
    Path run = tmp.resolve("run");
    assertEquals(0, CliRun.of("train", "--epochs", "1", "--out", run.toString(), "--quiet").exit());
    // The paper board's devices do not relax, so the weights survive the 12 h unchanged.
    CliRun f = CliRun.of("finetune", "--checkpoint", run.toString(), "--board", "sim:paper?seed=5", "--age", "12h", "--json", "--quiet");
    assertEquals(0, f.exit(), f.err());
    JsonObject j = f.json();
    JsonObject life = j.getAsJsonObject("lifecycle");
    assertEquals(43200, life.get("age_seconds").getAsDouble(), 1e-9);
    assertEquals(life.get("accuracy_fresh").getAsDouble(), j.get("initial_accuracy").getAsDouble(), 1e-9);
  }

  @Test void badAgeIsAUsageErrorEverywhere() {
    for (String[] cmd : new String[][] {
        {"train", "--epochs", "1", "--age", "3x", "--out", tmp.resolve("a").toString(), "--quiet"},
        {"finetune", "--checkpoint", tmp.toString(), "--age", "3x", "--quiet"}}) {
      CliRun r = CliRun.of(cmd);
      assertTrue(r.exit() == 2 || r.exit() == 3, String.join(" ", cmd) + ": " + r.exit() + " " + r.err());
    }
    CliRun t = CliRun.of("train", "--epochs", "1", "--age", "3x", "--out", tmp.resolve("b").toString(), "--quiet");
    assertEquals(2, t.exit(), t.err());
    assertTrue(t.err().contains("unit"), t.err());
  }
}
