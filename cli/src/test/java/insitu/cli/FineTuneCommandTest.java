package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneCommandTest {
  @TempDir Path tmp;

  @Test
  void finetuneProgramsACheckpointsWeightsOnANewBoardAndTrainsOn() {
    Path run = tmp.resolve("run");
    CliRun t = CliRun.of("train", "--epochs", "1", "--out", run.toString(), "--json", "--quiet");
    assertEquals(0, t.exit(), t.err());
    double trained = t.json().get("accuracy").getAsDouble();
    CliRun f = CliRun.of("finetune", "--checkpoint", run.toString(), "--board", "sim:paper?seed=5", "--json", "--quiet");
    assertEquals(0, f.exit(), f.err());
    var j = f.json();
    // Write-verify reproduces the run's read-back weights within ±2 µS on a fresh board of the same kind.
    assertEquals(trained, j.get("initial_accuracy").getAsDouble(), 0.03, j.toString());
    assertTrue(j.get("accuracy").getAsDouble() > trained - 0.03, j.toString());
    assertEquals("finetune", j.get("command").getAsString());
  }

  @Test
  void missingCheckpointIsExit3() {
    CliRun f = CliRun.of("finetune", "--checkpoint", tmp.resolve("nothing").toString(), "--quiet");
    assertEquals(3, f.exit(), f.err());
    assertTrue(f.err().contains("no checkpoint"), f.err());
  }
}
