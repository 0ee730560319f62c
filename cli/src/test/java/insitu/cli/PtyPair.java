package insitu.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Two connected pseudo-terminals from socat, for serial tests. {@link #close()} ends socat. */
final class PtyPair implements AutoCloseable {
  private static final Pattern PTY = Pattern.compile("PTY is (\\S+)");
  private static final long START_TIMEOUT_MILLIS = 5000;

  private final Process process;
  final String host, board;

  private PtyPair(Process process, String host, String board) {
    this.process = process;
    this.host = host;
    this.board = board;
  }

  static boolean socatInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
      if (new File(dir, "socat").canExecute()) return true;
    return false;
  }

  static PtyPair start() throws Exception {
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
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
      // Keep draining stderr so socat never blocks on a full pipe.
      Thread drain = new Thread(() -> {
        try {
          while (err.readLine() != null) { }
        } catch (IOException ignored) { }
      }, "socat-stderr");
      drain.setDaemon(true);
      drain.start();
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
    return new PtyPair(p, found.get(0), found.get(1));
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
