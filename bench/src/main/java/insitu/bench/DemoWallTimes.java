package insitu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./insitu demo} against the same job in PyTorch ({@code tools/bench/pytorch_demo.py}: the
 * paper CNN on the bundled digits, 15 epochs, the test set evaluated and a checkpoint written every
 * epoch) as a user times them: whole commands, start-up included, each from an empty directory,
 * in alternating rounds, with our JVM idle. Each command runs once untimed first (the first
 * {@code ./insitu} run after a build writes its class-data archive, Python its bytecode caches).
 * PyTorch runs at one and at two threads; the better median counts. The children get the
 * environment of a user's shell: none of the {@code INSITU_} variables this JVM was started with
 * (the bench asks for the Vector API module; the demo does not).
 */
final class DemoWallTimes {
  static final String SCRIPT = "tools/bench/pytorch_demo.py";

  /** Wall seconds per round: ours, PyTorch at one and at two threads (empty when PyTorch did not run, with the reason). */
  record Result(double[] insitu, double[] pytorch1, double[] pytorch2, double benchCpuSeconds, String insituReason, String pytorchReason) {
    int pytorchThreads() {
      return pytorch2.length > 0 && Stats.median(pytorch2) < Stats.median(pytorch1) ? 2 : 1;
    }

    double[] pytorchBest() {
      return pytorchThreads() == 2 ? pytorch2 : pytorch1;
    }
  }

  private DemoWallTimes() {}

  /** @param pytorchEpochs the script's epochs (15, the demo's; fewer only in the smoke test, whose numbers mean nothing) */
  static Result run(Path root, int rounds, int pytorchEpochs, Path work, Quiescence.Wait quiet) throws InterruptedException {
    if (root == null) return new Result(new double[0], new double[0], new double[0], 0, "no source checkout", "no source checkout");
    List<String> demo = List.of(root.resolve("insitu").toString(), "demo", "--quiet");
    List<String> torch = new ArrayList<>(List.of(PyTorchPeer.PYTHON, root.resolve(SCRIPT).toString(), "--epochs", Integer.toString(pytorchEpochs)));
    double[] ours = new double[rounds], one = new double[rounds], two = new double[rounds];
    double benchCpu = 0;
    String insituReason = null, torchReason = null;
    try {
      timed(demo, work, quiet); // untimed: writes the class-data archive
    } catch (IOException | RuntimeException e) {
      insituReason = e.getMessage();
    }
    try {
      timed(withThreads(torch, 1), work, quiet); // untimed: imports compiled, files cached
    } catch (IOException | RuntimeException e) {
      torchReason = e.getMessage();
    }
    for (int i = 0; i < rounds; i++) {
      try {
        if (insituReason == null) {
          IdleRun r = timed(demo, work, quiet);
          ours[i] = r.wallSeconds();
          benchCpu += r.insituCpuSeconds();
        }
        if (torchReason == null) {
          IdleRun r1 = timed(withThreads(torch, 1), work, quiet), r2 = timed(withThreads(torch, 2), work, quiet);
          one[i] = r1.wallSeconds();
          two[i] = r2.wallSeconds();
          benchCpu += r1.insituCpuSeconds() + r2.insituCpuSeconds();
        }
      } catch (IOException | RuntimeException e) {
        return new Result(new double[0], new double[0], new double[0], benchCpu, e.getMessage(), e.getMessage());
      }
    }
    return new Result(insituReason == null ? ours : new double[0], torchReason == null ? one : new double[0],
        torchReason == null ? two : new double[0], benchCpu, insituReason, torchReason);
  }

  private static List<String> withThreads(List<String> cmd, int threads) {
    List<String> c = new ArrayList<>(cmd);
    c.addAll(List.of("--threads", Integer.toString(threads)));
    return c;
  }

  /** One run from an empty directory of its own; a run that fails is an IOException naming its command and exit code. */
  private static IdleRun timed(List<String> cmd, Path work, Quiescence.Wait quiet) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(work, "wall");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("INSITU_"));
    IdleRun r = IdleRun.of(pb, work.resolve("wall.out"), 10, quiet);
    if (r.exitCode() != 0)
      throw new IOException((cmd.get(0).equals(PyTorchPeer.PYTHON) ? SCRIPT : "./insitu demo") + " exited with " + r.exitCode());
    return r;
  }

  /** Its keys of the bench report (> 1 in the ratio: ours took longer). */
  static void report(Result w, int rounds, Map<String, Object> r) {
    r.put("demo_wall_rounds", rounds);
    r.put("demo_wall_seconds", w.insitu().length > 0 ? Stats.median(w.insitu()) : Double.NaN);
    r.put("demo_wall_seconds_per_round", w.insitu());
    r.put("pytorch_demo_wall_seconds", w.pytorch1().length > 0 ? Stats.median(w.pytorchBest()) : Double.NaN);
    r.put("pytorch_demo_threads", w.pytorch1().length > 0 ? w.pytorchThreads() : 0);
    r.put("pytorch_demo_wall_seconds_per_round_by_threads", Map.of("1", w.pytorch1(), "2", w.pytorch2()));
    r.put("demo_wall_ratio_vs_pytorch", Stats.ratio((double) r.get("demo_wall_seconds"), (double) r.get("pytorch_demo_wall_seconds")));
    r.put("demo_wall_bench_jvm_cpu_seconds", w.benchCpuSeconds());
    if (w.insituReason() != null) r.put("demo_wall_failed", w.insituReason());
    if (w.pytorchReason() != null) r.put("pytorch_demo_unavailable_reason", w.pytorchReason());
  }
}
