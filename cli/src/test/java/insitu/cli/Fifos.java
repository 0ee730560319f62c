package insitu.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes for tests, made with mkfifo. Skipped off POSIX (no FIFOs there); on POSIX without
 * mkfifo skipped too, except under CI=true, where every tool the tests need is installed.
 */
final class Fifos {
  private Fifos() {}

  static Path make(Path at) throws InterruptedException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system: no FIFOs");
    String problem;
    try {
      Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
      boolean done = p.waitFor(30, TimeUnit.SECONDS);
      problem = done && p.exitValue() == 0 && Files.exists(at) && !Files.isRegularFile(at) ? null
          : "mkfifo failed: " + new String(p.getInputStream().readAllBytes());
    } catch (IOException e) {
      problem = "no mkfifo: " + e.getMessage();
    }
    if (problem != null) {
      if ("true".equals(System.getenv("CI"))) fail(problem + " (CI=true: .ci/run installs coreutils)");
      assumeTrue(false, problem);
    }
    return at;
  }
}
