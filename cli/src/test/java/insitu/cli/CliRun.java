package insitu.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** Runs the CLI in process and captures what it prints. */
record CliRun(int exit, String out, String err) {
  com.google.gson.JsonObject json() {
    return com.google.gson.JsonParser.parseString(out.strip()).getAsJsonObject();
  }

  /** The console is one per JVM: runs take turns. */
  private static final ReentrantLock CONSOLE = new ReentrantLock();

  /**
   * Runs the CLI with {@code args}. A run that hangs (its test timed out) keeps the console; the
   * next one then fails in a line after a generous wait instead of blocking every later test.
   */
  static CliRun of(String... args) {
    try {
      if (!CONSOLE.tryLock(10, TimeUnit.MINUTES))
        throw new AssertionError("an earlier CLI run still holds the console: it hung (see the test that timed out before this one)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the console", e);
    }
    try {
      return capture(args);
    } finally {
      CONSOLE.unlock();
    }
  }

  private static CliRun capture(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
