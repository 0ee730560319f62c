package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: a training run killed with SIGKILL at random moments and resumed each time ends exactly
 * like an uninterrupted run (same accuracy, same conductances). `tools/kill-resume.sh` does 20 kills.
 */
class KillAndResumeTest {
  @TempDir Path tmp;
  private static final List<String> RUN = List.of("train", "--epochs", "2", "--checkpoint-every", "5", "--json", "--quiet");

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

    SplittableRandom rnd = new SplittableRandom(20);
    Process p = start(with(RUN, "--out", run.toString()), out);
    int kills = 0;
    while (true) {
      // Wait for the first checkpoint, then kill at a random moment.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!hasCheckpoint(run) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
      Thread.sleep(200 + rnd.nextInt(1500));
      if (!p.isAlive() || kills == 3) {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        if (p.exitValue() == 0) break;
      } else {
        p.destroyForcibly().waitFor(); // SIGKILL on Linux
        kills++;
      }
      p = start(List.of("train", "--resume", run.toString(), "--json", "--quiet"), out);
    }
    JsonObject got = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    assertTrue(kills >= 1, "the run was interrupted at least once");
    assertEquals(expect.get("accuracy").getAsDouble(), got.get("accuracy").getAsDouble());
    assertEquals(expect.get("final_conductance_sha256").getAsString(), got.get("final_conductance_sha256").getAsString());
    assertEquals(expect.get("pulses").getAsLong(), got.get("pulses").getAsLong());
  }

  private static boolean hasCheckpoint(Path run) {
    File[] f = run.resolve("checkpoints").toFile().listFiles((d, n) -> n.endsWith(".zip"));
    return f != null && f.length > 0;
  }
}
