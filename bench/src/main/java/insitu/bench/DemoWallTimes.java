package insitu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    String script = root.resolve(SCRIPT).toString(), epochs = Integer.toString(pytorchEpochs);
    Series ours = new Series(List.of(root.resolve("insitu").toString(), "demo", "--quiet"), rounds);
    Series one = new Series(List.of(PyTorchPeer.PYTHON, script, "--epochs", epochs, "--threads", "1"), rounds);
    Series two = new Series(List.of(PyTorchPeer.PYTHON, script, "--epochs", epochs, "--threads", "2"), rounds);
    List<Series> all = List.of(ours, one, two);
    for (Series x : all) x.run(-1, work, quiet); // untimed: the class-data archive written, Python's imports cached
    for (int i = 0; i < rounds; i++) for (Series x : all) x.run(i, work, quiet);
    String torchFailed = one.failed != null ? one.failed : two.failed;
    return new Result(ours.times(), torchFailed == null ? one.times() : new double[0], torchFailed == null ? two.times() : new double[0],
        ours.benchCpu + one.benchCpu + two.benchCpu, ours.failed, torchFailed);
  }

  /** One command's timed runs; the first failure ends its series. */
  private static final class Series {
    final List<String> cmd;
    final double[] wall;
    String failed;
    double benchCpu;

    Series(List<String> cmd, int rounds) {
      this.cmd = cmd;
      this.wall = new double[rounds];
    }

    /** Runs the command for round {@code i} (-1: untimed). */
    void run(int i, Path work, Quiescence.Wait quiet) throws InterruptedException {
      if (failed != null) return;
      try {
        IdleRun r = timed(cmd, work, quiet);
        if (i < 0) return;
        wall[i] = r.wallSeconds();
        benchCpu += r.insituCpuSeconds();
      } catch (IOException | RuntimeException e) {
        failed = e.getMessage();
      }
    }

    double[] times() {
      return failed == null ? wall : new double[0];
    }
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
