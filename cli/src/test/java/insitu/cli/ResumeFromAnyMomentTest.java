package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import insitu.runtime.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a run resumes from any moment, its configuration being written before the first
 * batch; --epochs with --resume extends a run to a new total; a finished run and an existing
 * run directory are left as they are; the files a run writes are plain JSON.
 */
class ResumeFromAnyMomentTest {
  @TempDir Path tmp;

  private static CliRun train(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--checkpoint-every", "30", "--json", "--quiet"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void sameEnd(JsonObject want, JsonObject got) {
    assertEquals(want.get("final_conductance_sha256").getAsString(), got.get("final_conductance_sha256").getAsString());
    assertEquals(want.get("accuracy").getAsDouble(), got.get("accuracy").getAsDouble());
    assertEquals(want.get("pulses").getAsLong(), got.get("pulses").getAsLong());
  }

  @Test
  void aRunKilledBeforeItsFirstCheckpointOrExtendedLaterEndsLikeAnUninterruptedOne() throws Exception {
    Path ref = tmp.resolve("ref"), killed = tmp.resolve("killed"), shorter = tmp.resolve("shorter");
    CliRun whole = train("--epochs", "2", "--out", ref.toString());
    assertEquals(0, whole.exit(), whole.err());
    // The trained model is what the board held: on a noiseless board it scores what the run reported.
    for (String program : List.of("exact", "write-verify")) {
      CliRun eval = CliRun.of("eval", "--model", ref.resolve("model.xbar").toString(), "--board", "sim:ideal", "--program", program,
          "--json", "--quiet");
      assertEquals(0, eval.exit(), eval.err());
      assertEquals(whole.json().get("accuracy").getAsDouble(), eval.json().get("accuracy").getAsDouble(), 0.005, program);
    }

    assertEquals(137, HaltingTrain.run(killed, 10, "auto", 2, 30));
    assertTrue(Files.isRegularFile(killed.resolve("run.json")), "the configuration is written before the first batch");
    assertFalse(HaltingTrain.hasCheckpoint(killed), "killed before its first checkpoint (batch 30)");
    CliRun resumed = CliRun.of("train", "--resume", killed.toString(), "--json");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.err().contains("starting the run again from its configuration"), resumed.err());
    sameEnd(whole.json(), resumed.json());

    // --epochs with --resume is the run's new total: one epoch, then extended to two, is the two-epoch run.
    assertEquals(0, train("--epochs", "1", "--out", shorter.toString()).exit());
    CliRun extended = CliRun.of("train", "--resume", shorter.toString(), "--epochs", "2", "--json");
    assertEquals(0, extended.exit(), extended.err());
    assertTrue(extended.err().contains("epoch  2/2") && !extended.err().contains("/0"), extended.err());
    assertEquals(2, extended.json().get("epochs_requested").getAsInt());
    sameEnd(whole.json(), extended.json());

    // A finished run trains nothing more and says so; its checkpoints stay as they were.
    List<String> before = listing(shorter.resolve("checkpoints"));
    CliRun again = CliRun.of("train", "--resume", shorter.toString(), "--json");
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.err().contains("has finished its 2 epoch(s)") && !again.err().contains("epoch 3"), again.err());
    assertEquals(before, listing(shorter.resolve("checkpoints")));
    sameEnd(whole.json(), again.json());
    assertEquals(2, CliRun.of("train", "--resume", shorter.toString(), "--epochs", "1").exit(), "a run cannot shrink");
    CliRun other = CliRun.of("train", "--resume", shorter.toString(), "--lr", "0.1");
    assertEquals(2, other.exit());
    assertTrue(other.err().contains("--lr"), other.err());

    // A new run never writes into a directory that holds one.
    List<String> all = listing(ref);
    CliRun over = train("--epochs", "1", "--out", ref.toString());
    assertEquals(2, over.exit(), over.err());
    assertTrue(over.err().contains("--resume"), over.err());
    assertEquals(all, listing(ref));
    assertEquals(List.of(), listing(ref).stream().filter(n -> n.endsWith(".tmp")).toList());
  }

  @Test
  void aRunsFilesAreJsonWithoutNaNOrHtmlEscapes() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, train("--epochs", "0", "--out", run.toString()).exit());
    String report = Files.readString(run.resolve("report.json"));
    assertTrue(report.contains("Vg0 = ") && !report.contains("\\u003d"), report);
    String config = Files.readString(run.resolve("run.json"));
    assertFalse(config.contains("NaN"), config);
    assertTrue(config.contains("\"learning_rate\":null"), "the default learning rate is no number: " + config);
    assertTrue(Files.isRegularFile(run.resolve("model.xbar")));
  }

  private static List<String> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p) + " " + p.toFile().lastModified() + " " + p.toFile().length()).sorted().toList();
    }
  }
}
