package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --update manhattan}: sign steps of 0.05 V learn, and a run with them resumes from a checkpoint bit for bit. */
class ManhattanUpdateCliTest {
  @TempDir Path tmp;

  @Test
  void manhattanUpdatesLearnAndResume() throws Exception {
    Path ref = tmp.resolve("ref"), run = tmp.resolve("run");
    CliRun whole = CliRun.of("train", "--update", "manhattan", "--epochs", "1", "--checkpoint-every", "20", "--out", ref.toString(),
        "--json", "--quiet");
    assertEquals(0, whole.exit(), whole.err());
    JsonObject j = whole.json();
    assertEquals("manhattan(0.05 V)", j.get("update").getAsString());
    // Ten classes: chance is 10 %; one epoch of sign steps gets far above it.
    assertTrue(j.get("accuracy").getAsDouble() > 0.5, j.toString());

    assertEquals(137, HaltingTrain.run(run, 45, "manhattan", 1, 20), "halted after batch 45, past the checkpoint at batch 40");
    assertTrue(HaltingTrain.hasCheckpoint(run));
    CliRun resumed = CliRun.of("train", "--resume", run.toString(), "--json", "--quiet");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(j.get("final_conductance_sha256").getAsString(), resumed.json().get("final_conductance_sha256").getAsString());
    assertEquals(j.get("pulses").getAsLong(), resumed.json().get("pulses").getAsLong());
  }
}
