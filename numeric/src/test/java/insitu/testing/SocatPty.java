package insitu.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A socat pseudo-terminal pair for tests: two connected /dev/pts paths, one for the board's end and
 * one for the host's. Kill it with close().
 */
public final class SocatPty implements AutoCloseable {
  private static final Pattern PTY = Pattern.compile("PTY is (\\S+)");
  private static final long START_TIMEOUT_MILLIS = 5000;

  private final Process process;
  public final String first, second;

  private SocatPty(Process process, String first, String second) {
    this.process = process;
    this.first = first;
    this.second = second;
  }

  /** Whether socat is installed. */
  public static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
      if (new java.io.File(dir, "socat").canExecute()) return true;
    return false;
  }

  /** Skips the test without socat, or fails it under CI=true, where every tool the tests need is installed (.ci/run). */
  public static void require() {
    if (available()) return;
    if ("true".equals(System.getenv("CI"))) org.junit.jupiter.api.Assertions.fail("socat is not installed but CI=true: the pseudo-terminal test must run");
    org.junit.jupiter.api.Assumptions.assumeTrue(false, "socat is not installed (apt-get install socat): pseudo-terminal test skipped");
  }

  public static SocatPty start() throws Exception {
    Process p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<List<String>> paths = CompletableFuture.supplyAsync(() -> {
      List<String> found = new ArrayList<>();
      try {
        String line;
        while (found.size() < 2 && (line = err.readLine()) != null) {
          Matcher m = PTY.matcher(line);
          if (m.find()) found.add(m.group(1));
        }
        // Keep draining stderr so socat never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            while (err.readLine() != null) { }
          } catch (IOException ignored) { }
        }, "socat-stderr");
        drain.setDaemon(true);
        drain.start();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
      return found;
    });
    List<String> found;
    try {
      found = paths.get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    if (found.size() < 2) {
      p.destroyForcibly();
      throw new IllegalStateException("socat printed no pty pair");
    }
    return new SocatPty(p, found.get(0), found.get(1));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
