package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: a training run killed with SIGKILL at random moments and resumed each time ends exactly
 * like an uninterrupted run (same accuracy, same conductances). `tools/kill-resume.sh` does 20 kills.
 */
class KillAndResumeTest {
  @TempDir Path tmp;
  private static final int EVERY = 5; // batches between checkpoints; a checkpoint is named for its batch
  private static final List<String> RUN = List.of("train", "--epochs", "2", "--checkpoint-every", String.valueOf(EVERY), "--json", "--quiet");

  private static Process start(List<String> args, Path stdout) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "insitu.cli.Main"));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> l = new java.util.ArrayList<>(base);
    l.addAll(List.of(more));
    return l;
  }

  @Test
  void killedAndResumedRunEndsLikeAnUninterruptedOne() throws Exception {
    Path ref = tmp.resolve("ref"), run = tmp.resolve("run"), out = tmp.resolve("out.json");
    CliRun whole = CliRun.of(with(RUN, "--out", ref.toString()).toArray(String[]::new));
    assertEquals(0, whole.exit(), whole.err());
    JsonObject expect = JsonParser.parseString(whole.out()).getAsJsonObject();

    // Kills are placed by the run's progress, not by the clock: each one comes right after the run
    // writes its 1st to 3rd checkpoint since it was (re)started, wherever its next batch then is.
    // Two epochs make 32 checkpoints (160 batches), so the three kills land well before the end on any machine.
    SplittableRandom rnd = new SplittableRandom(20);
    Process p = start(with(RUN, "--out", run.toString()), out);
    int kills = 0;
    while (kills < 3) {
      int seen = newestCheckpoint(run), wait = 1 + rnd.nextInt(3);
      while (p.isAlive() && newestCheckpoint(run) < seen + wait * EVERY) Thread.sleep(5);
      if (!p.isAlive()) break;
      p.destroyForcibly().waitFor(); // SIGKILL on Linux
      kills++;
      p = start(List.of("train", "--resume", run.toString(), "--json", "--quiet"), out);
    }
    assertEquals(0, p.waitFor());
    JsonObject got = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    assertEquals(3, kills, "the run was killed three times before it ended");
    assertEquals(expect.get("accuracy").getAsDouble(), got.get("accuracy").getAsDouble());
    assertEquals(expect.get("final_conductance_sha256").getAsString(), got.get("final_conductance_sha256").getAsString());
    assertEquals(expect.get("pulses").getAsLong(), got.get("pulses").getAsLong());
  }

  /** The batch of the newest checkpoint file (ckpt-N.zip), or 0 before the first. */
  private static int newestCheckpoint(Path run) {
    File[] f = run.resolve("checkpoints").toFile().listFiles((d, n) -> n.matches("ckpt-\\d+\\.zip"));
    int newest = 0;
    if (f != null) for (File c : f) newest = Math.max(newest, Integer.parseInt(c.getName().replaceAll("\\D", "")));
    return newest;
  }
}
