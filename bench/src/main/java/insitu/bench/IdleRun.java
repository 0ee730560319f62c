package insitu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process run to completion with our JVM idle (waited for first): its output lines, its
 * exit code, the wall time and the CPU time our JVM used meanwhile (should be ~0).
 */
record IdleRun(List<String> lines, int exitCode, double wallSeconds, double insituCpuSeconds) {
  /**
   * Runs {@code cmd} with stdout into {@code out} (stderr dropped); throws IOException when it
   * cannot start or read, or exceeds {@code minutes} (then killed, with every process it started).
   */
  static IdleRun of(List<String> cmd, Path out, long minutes, Quiescence.Wait quiet) throws IOException, InterruptedException {
    return of(new ProcessBuilder(cmd), out, minutes, quiet);
  }

  /** As {@link #of(List, Path, long, Quiescence.Wait)} for a process set up by the caller (working directory, environment). */
  static IdleRun of(ProcessBuilder pb, Path out, long minutes, Quiescence.Wait quiet) throws IOException, InterruptedException {
    List<String> cmd = pb.command();
    quiet.await();
    CpuClock ours = CpuClock.ours();
    long o0 = ours.nanos(), t0 = System.nanoTime();
    Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      // The whole tree: the command is often a shell (bash, the launcher) whose JVM would outlive it
      // and burn the CPU the next measurement needs.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException(cmd.get(0) + " timed out after " + minutes + " min");
    }
    double wall = (System.nanoTime() - t0) / 1e9, mine = (ours.nanos() - o0) / 1e9;
    return new IdleRun(Files.readAllLines(out, StandardCharsets.UTF_8), p.exitValue(), wall, mine);
  }
}
