package insitu.cli;

import insitu.testing.Polling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The insitu tool in a child JVM, for tests that stop, kill or restart it. Its output goes to a
 * file (Process.destroy() closes the pipes, and the lines written while stopping would be lost).
 */
record ChildCli(Process process, Path log) {
  private static final Pattern URL = Pattern.compile("url=http://127\\.0\\.0\\.1:(\\d+)/");
  /** A guard against hanging, not a timing check. */
  static final long GUARD_SECONDS = 240;

  static ChildCli start(List<String> args, Path log, String... jvmOptions) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "insitu.cli.Main"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildCli(p, log);
  }

  /** The first line containing {@code text}; fails when the process ends without one. */
  String waitFor(String text) throws Exception {
    String[] found = new String[1];
    boolean[] ended = new boolean[1];
    Polling.until(() -> {
      ended[0] = !process.isAlive(); // once it has exited, the file is complete
      if (Files.exists(log))
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) if (line.contains(text)) found[0] = line;
      return found[0] != null || ended[0];
    }, (int) (GUARD_SECONDS * 50), 20);
    if (found[0] != null) return found[0];
    throw new AssertionError("no line with '" + text + "' in " + (Files.exists(log) ? Files.readString(log) : "(no output)"));
  }

  /** The port of a service, from its start line. */
  int port() throws Exception {
    Matcher m = URL.matcher(waitFor("url=http://"));
    if (!m.find()) throw new AssertionError("no port in the start line");
    return Integer.parseInt(m.group(1));
  }

  /** SIGTERM; returns the exit status. */
  int stop() throws Exception {
    process.destroy();
    if (!process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) throw new AssertionError("did not stop after SIGTERM: " + Files.readString(log));
    return process.exitValue();
  }

  /** SIGKILL on Linux: nothing runs after it. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }
}
