package insitu.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch peer script run once on its own (a fresh process, not the bench's serving child),
 * with our JVM idle: the reference the bench's own PyTorch figures are held against (they should
 * be within 15 % of it).
 */
final class StandalonePeer {
  /** Its figures, its CPU time and ours while it ran (ours should be ~0). */
  record Result(double trainSamplesPerSecond, double latencyMedianMicros, double wallSeconds, double peerCpuSeconds, double insituCpuSeconds,
                String reason) {
    static Result unavailable(String reason) {
      return new Result(Double.NaN, Double.NaN, 0, 0, 0, reason);
    }
  }

  private StandalonePeer() {}

  /**
   * Runs the script on the digits the serving peer trained on ({@code x.npy}, {@code y.npy} in
   * {@code workDir}): {@code warmup} untimed and {@code epochs} timed epochs, then {@code runs}
   * batch-1 calls after {@code latencyWarmup} untimed ones.
   */
  static Result run(Path root, Path workDir, int threads, int warmup, int epochs, int latencyWarmup, int runs, Quiescence.Wait quiet)
      throws InterruptedException {
    Path x = workDir.resolve("x.npy"), y = workDir.resolve("y.npy");
    if (root == null || !Files.isRegularFile(x)) return Result.unavailable("no peer data (PyTorch unavailable)");
    List<String> cmd = List.of(PyTorchPeer.PYTHON, root.resolve(ProjectRoot.PEER_SCRIPT).toString(), x.toString(), y.toString(), "--threads",
        Integer.toString(threads), "--warmup-epochs", Integer.toString(warmup), "--epochs", Integer.toString(epochs), "--latency-warmup",
        Integer.toString(latencyWarmup), "--latency-runs", Integer.toString(runs));
    try {
      IdleRun run = IdleRun.of(cmd, workDir.resolve("standalone.out"), 10, quiet);
      if (run.exitCode() != 0 || run.lines().isEmpty()) return Result.unavailable("standalone peer exited with " + run.exitCode());
      JsonObject o = JsonParser.parseString(run.lines().get(run.lines().size() - 1)).getAsJsonObject();
      return new Result(number(o, "train_samples_per_second_median"), number(o, "infer_batch1_median_us"), run.wallSeconds(),
          number(o, "cpu_seconds"), run.insituCpuSeconds(), null);
    } catch (IOException | RuntimeException e) {
      return Result.unavailable(e.toString());
    }
  }

  private static double number(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsDouble() : Double.NaN;
  }

  private static double number(Object v) {
    return v instanceof Double d ? d : Double.NaN;
  }

  /** The standalone runs' keys of the bench report, and the bench's PyTorch figures as fractions of them. */
  static void report(Result train, Result latency, Map<String, Object> r) {
    r.put("pytorch_standalone_train_samples_per_second", train.trainSamplesPerSecond());
    r.put("pytorch_standalone_infer_batch1_median_us", latency.latencyMedianMicros());
    r.put("pytorch_standalone_pytorch_cpu_seconds", train.peerCpuSeconds() + latency.peerCpuSeconds());
    r.put("pytorch_standalone_insitu_cpu_seconds", train.insituCpuSeconds() + latency.insituCpuSeconds());
    r.put("pytorch_standalone_wall_seconds", train.wallSeconds() + latency.wallSeconds());
    if (train.reason() != null) r.put("pytorch_standalone_unavailable_reason", train.reason());
    // Throughput: bench / alone (1 = undisturbed); latency: alone / bench (1 = undisturbed, < 1 slower in the bench).
    r.put("pytorch_train_fraction_of_standalone", Stats.ratio(number(r.get("pytorch_train_samples_per_second")), train.trainSamplesPerSecond()));
    r.put("pytorch_infer_fraction_of_standalone", Stats.ratio(latency.latencyMedianMicros(), number(r.get("pytorch_infer_batch1_median_us"))));
  }
}
