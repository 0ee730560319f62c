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
 * (the bench asks for the Vector API module; the demo does not). Each side's CPU time (every
 * thread of every process the command started) is kept beside its wall time: on two cores the
 * demo's wall time follows its CPU time (docs/BENCHMARKS.md, issue 20, fifth round).
 */
final class DemoWallTimes {
  static final String SCRIPT = "tools/bench/pytorch_demo.py";

  /**
   * Wall and CPU seconds per round: ours, PyTorch at one and at two threads (empty when PyTorch did
   * not run, with the reason).
   */
  record Result(Times insitu, Times pytorch1, Times pytorch2, double benchCpuSeconds, String insituReason, String pytorchReason) {
    int pytorchThreads() {
      return pytorch2.wall().length > 0 && Stats.median(pytorch2.wall()) < Stats.median(pytorch1.wall()) ? 2 : 1;
    }

    Times pytorchBest() {
      return pytorchThreads() == 2 ? pytorch2 : pytorch1;
    }
  }

  /** One command's wall and CPU seconds per round (CPU NaN where the shell's times could not be read). */
  record Times(double[] wall, double[] cpu) {
    static final Times NONE = new Times(new double[0], new double[0]);
  }

  private DemoWallTimes() {}

  /** @param pytorchEpochs the script's epochs (15, the demo's; fewer only in the smoke test, whose numbers mean nothing) */
  static Result run(Path root, int rounds, int pytorchEpochs, Path work, Quiescence.Wait quiet) throws InterruptedException {
    if (root == null) return new Result(Times.NONE, Times.NONE, Times.NONE, 0, "no source checkout", "no source checkout");
    String script = root.resolve(SCRIPT).toString(), epochs = Integer.toString(pytorchEpochs);
    Series ours = new Series(List.of(root.resolve("insitu").toString(), "demo", "--quiet"), rounds);
    Series one = new Series(List.of(PyTorchPeer.PYTHON, script, "--epochs", epochs, "--threads", "1"), rounds);
    Series two = new Series(List.of(PyTorchPeer.PYTHON, script, "--epochs", epochs, "--threads", "2"), rounds);
    List<Series> all = List.of(ours, one, two);
    for (Series x : all) x.run(-1, work, quiet); // untimed: the class-data archive written, Python's imports cached
    for (int i = 0; i < rounds; i++) for (Series x : all) x.run(i, work, quiet);
    String torchFailed = one.failed != null ? one.failed : two.failed;
    return new Result(ours.times(), torchFailed == null ? one.times() : Times.NONE, torchFailed == null ? two.times() : Times.NONE,
        ours.benchCpu + one.benchCpu + two.benchCpu, ours.failed, torchFailed);
  }

  /** One command's timed runs; the first failure ends its series. */
  private static final class Series {
    final List<String> cmd;
    final double[] wall, cpu;
    String failed;
    double benchCpu;

    Series(List<String> cmd, int rounds) {
      this.cmd = cmd;
      this.wall = new double[rounds];
      this.cpu = new double[rounds];
    }

    /** Runs the command for round {@code i} (-1: untimed). */
    void run(int i, Path work, Quiescence.Wait quiet) throws InterruptedException {
      if (failed != null) return;
      try {
        Timed t = timed(cmd, work, quiet);
        if (i < 0) return;
        wall[i] = t.run().wallSeconds();
        cpu[i] = t.cpuSeconds();
        benchCpu += t.run().insituCpuSeconds();
      } catch (IOException | RuntimeException e) {
        failed = e.getMessage();
      }
    }

    Times times() {
      return failed == null ? new Times(wall, cpu) : Times.NONE;
    }
  }

  /** A run and the CPU seconds of everything it started. */
  private record Timed(IdleRun run, double cpuSeconds) {}

  /**
   * One run from an empty directory of its own, under bash for its CPU time (the shell adds a few
   * milliseconds to both sides' wall times); a run that fails is an IOException naming its command
   * and exit code.
   */
  private static Timed timed(List<String> cmd, Path work, Quiescence.Wait quiet) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(work, "wall"), times = work.resolve("wall.times");
    Files.deleteIfExists(times);
    ProcessBuilder pb = new ProcessBuilder(ChildCpuTimes.wrapped(cmd, times.toString())).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("INSITU_"));
    IdleRun r = IdleRun.of(pb, work.resolve("wall.out"), 10, quiet);
    if (r.exitCode() != 0)
      throw new IOException((cmd.get(0).equals(PyTorchPeer.PYTHON) ? SCRIPT : "./insitu demo") + " exited with " + r.exitCode());
    double cpu = Files.isRegularFile(times) ? ChildCpuTimes.childSeconds(Files.readString(times)) : Double.NaN;
    return new Timed(r, cpu);
  }

  /** Its keys of the bench report (> 1 in the ratio: ours took longer). */
  static void report(Result w, int rounds, Map<String, Object> r) {
    r.put("demo_wall_rounds", rounds);
    boolean ours = w.insitu().wall().length > 0, torch = w.pytorch1().wall().length > 0;
    r.put("demo_wall_seconds", ours ? Stats.median(w.insitu().wall()) : Double.NaN);
    r.put("demo_wall_seconds_per_round", w.insitu().wall());
    r.put("demo_cpu_seconds", ours ? Stats.median(w.insitu().cpu()) : Double.NaN);
    r.put("demo_cpu_seconds_per_round", w.insitu().cpu());
    r.put("pytorch_demo_wall_seconds", torch ? Stats.median(w.pytorchBest().wall()) : Double.NaN);
    r.put("pytorch_demo_threads", torch ? w.pytorchThreads() : 0);
    r.put("pytorch_demo_wall_seconds_per_round_by_threads", Map.of("1", w.pytorch1().wall(), "2", w.pytorch2().wall()));
    r.put("pytorch_demo_cpu_seconds", torch ? Stats.median(w.pytorchBest().cpu()) : Double.NaN);
    r.put("pytorch_demo_cpu_seconds_per_round_by_threads", Map.of("1", w.pytorch1().cpu(), "2", w.pytorch2().cpu()));
    r.put("demo_wall_ratio_vs_pytorch", Stats.ratio((double) r.get("demo_wall_seconds"), (double) r.get("pytorch_demo_wall_seconds")));
    r.put("demo_wall_bench_jvm_cpu_seconds", w.benchCpuSeconds());
    if (w.insituReason() != null) r.put("demo_wall_failed", w.insituReason());
    if (w.pytorchReason() != null) r.put("pytorch_demo_unavailable_reason", w.pytorchReason());
  }
}
