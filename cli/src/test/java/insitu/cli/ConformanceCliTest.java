package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import insitu.testing.SocatPty;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code insitu board conformance} and {@code board emulate --defect}: the in-process emulator
 * passes, a defect fails its check with exit 1, bad specs are usage errors, a port that does not
 * exist is a board failure; and once end to end over a socat pseudo-terminal pair, the reference
 * firmware served by {@code board emulate} passing every check a serial link without a RESET line
 * can run, and failing the CRC check when it carries that defect.
 */
class ConformanceCliTest {
  private static final int EXIT_USAGE = 2, EXIT_BOARD = 4;

  private static List<String> failedChecks(JsonObject report) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : report.getAsJsonArray("checks")) {
      JsonObject c = e.getAsJsonObject();
      if (!c.get("passed").getAsBoolean() && !c.get("skipped").getAsBoolean()) out.add(c.get("name").getAsString());
    }
    return out;
  }

  @Test
  void emulatorInProcessPassesWithJson() {
    CliRun r = CliRun.of("board", "conformance", "--board", "emulator", "--json", "--quiet");
    assertEquals(0, r.exit(), r.err() + r.out());
    JsonObject j = r.json();
    assertTrue(j.get("passed").getAsInt() >= 20, r.out());
    assertEquals(0, j.get("failed").getAsInt(), r.out());
    assertEquals(j.get("passed").getAsInt(), j.getAsJsonArray("checks").size());
  }

  @Test
  void defectFailsItsCheckWithExitOneAndATable() {
    CliRun r = CliRun.of("board", "conformance", "--board", "emulator:paper?defects=stale-read", "--quiet");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("FAIL  set-raises-conductance ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("pass  hello-info ")), r.out());
    assertTrue(r.out().strip().endsWith("skipped"), r.out());
  }

  @Test
  void badSpecsAreUsageErrorsAndAMissingPortABoardFailure() {
    for (String spec : new String[] {"sim", "emulator?defects=sloppy", "serial:/dev/x?speed=9"}) {
      CliRun r = CliRun.of("board", "conformance", "--board", spec);
      assertEquals(EXIT_USAGE, r.exit(), spec + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    CliRun missing = CliRun.of("board", "conformance", "--board", "serial:/dev/insitu-no-such-port", "--quiet");
    assertEquals(EXIT_BOARD, missing.exit(), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    CliRun defect = CliRun.of("board", "emulate", "--port", "/dev/null", "--defect", "sloppy");
    assertEquals(EXIT_USAGE, defect.exit(), defect.err());
    assertTrue(defect.err().contains("no-dedupe"), defect.err());
  }

  @Test
  void boardEmulateOverAPseudoTerminalPassesAndFailsItsDefect() throws Exception {
    SocatPty.require();
    JsonObject clean = conformanceOverPty();
    // Over a real port these two also time the machine (an ACK within 250 ms, a READ within a 500 ms
    // watchdog): a stalled test JVM must not fail the run. ConformanceSuiteTest holds them on virtual time.
    List<String> failed = new ArrayList<>(failedChecks(clean));
    failed.removeAll(List.of("answer-timing", "watchdog-trips"));
    assertEquals(List.of(), failed, clean.toString());
    assertTrue(clean.get("passed").getAsInt() >= 20, clean.toString());
    assertEquals(4, clean.get("skipped").getAsInt(), "the reset checks need a RESET line: " + clean);
    JsonObject broken = conformanceOverPty("--defect", "bad-crc");
    assertTrue(failedChecks(broken).contains("bad-crc-dropped"), broken.toString());
  }

  /** Runs {@code board emulate} on one end of a fresh pty pair and the suite on the other; returns the JSON report. */
  private static JsonObject conformanceOverPty(String... emulateArgs) throws Exception {
    try (SocatPty pty = SocatPty.start()) {
      List<String> args = new ArrayList<>(List.of("board", "emulate", "--port", pty.first, "--quiet", "--seed", "3"));
      args.addAll(List.of(emulateArgs));
      Thread firmware = new Thread(() -> Main.execute(args.toArray(String[]::new)), "board-emulate");
      firmware.setDaemon(true);
      firmware.start();
      try {
        CliRun r = CliRun.of("board", "conformance", "--board", "serial:" + pty.second, "--json", "--quiet");
        assertTrue(r.exit() == 0 || r.exit() == 1, "exit " + r.exit() + ": " + r.err());
        return r.json();
      } finally {
        pty.close(); // the port goes away: board emulate returns
        firmware.join(TimeUnit.SECONDS.toMillis(5));
      }
    }
  }
}
