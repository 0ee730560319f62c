package insitu.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Named pipes for tests, made with mkfifo; a test needing one is skipped where there is no mkfifo (not POSIX). */
final class Fifos {
  private Fifos() {}

  static Path make(Path at) throws Exception {
    boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    assumeTrue(posix, "not a POSIX file system: no FIFOs");
    Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed: " + new String(p.getInputStream().readAllBytes()));
    assumeTrue(Files.exists(at) && !Files.isRegularFile(at), "mkfifo made no FIFO");
    return at;
  }
}
