package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.testing.HangGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One representative bad input of each class through the command line: the exit code (2 usage, 3
 * bad input) and exactly one line on stderr, naming what is wrong. The decoders' fuzz tests cover
 * the hundreds of variants; this checks that what they refuse reaches the user as one line.
 */
@HangGuard
class BadInputCliTest {
  @TempDir Path dir;

  static void assertRefused(CliRun r, int code, String... mentions) {
    assertEquals(code, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("http"), r.err());
    for (String m : mentions) assertTrue(r.err().contains(m), "mentions " + m + ": " + r.err());
  }

  private String write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p.toString();
  }

  @Test
  void numericOptionsAreCheckedWhereTheyAreParsed() {
    assertRefused(CliRun.of("train", "--lr", "NaN", "--epochs", "0"), 2, "--lr");
    assertRefused(CliRun.of("train", "--lr", "Infinity", "--epochs", "0"), 2, "--lr");
    assertRefused(CliRun.of("train", "--lr", "-0.01", "--epochs", "0"), 2, "--lr");
    assertRefused(CliRun.of("train", "--batch", "2147483647", "--epochs", "0"), 2, "--batch");
    assertRefused(CliRun.of("train", "--batch", "0", "--epochs", "0"), 2, "--batch");
    assertRefused(CliRun.of("train", "--epochs", "-1"), 2, "--epochs");
    assertRefused(CliRun.of("train", "--lr-decay", "1.5", "--epochs", "0"), 2, "--lr-decay");
    assertRefused(CliRun.of("train", "--seed", "1e3", "--epochs", "0"), 2, "--seed");
    assertRefused(CliRun.of("train", "--seed", "99999999999999999999", "--epochs", "0"), 2, "--seed");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--tolerance", "0"), 2, "--tolerance");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--tolerance", "NaN"), 2, "--tolerance");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--age", "1e308d"), 2, "--age");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--age", "-3d"), 2, "--age");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--recalibrate", "1.5"), 2, "--recalibrate");
    assertRefused(CliRun.of("board", "emulate", "--port", "/dev/null", "--fault-rate", "NaN"), 2, "--fault-rate");
    assertRefused(CliRun.of("board", "emulate", "--port", "/dev/null", "--arrays", "0"), 2, "--arrays");
  }

  @Test
  void boardSpecStringsAreCheckedWithRangesAndABoundOnCells() {
    for (String spec : List.of("sim:paper?arrays=999999999", "sim?stuck=-1", "sim?readNoise=NaN", "sim?rows=0", "sim?cols=-4",
        "sim?frobnicate=1", "sim?badRows=7:0"))
      assertRefused(CliRun.of("board", "info", "--board", spec), 2, spec.substring(spec.indexOf('?') + 1, spec.indexOf('=')));
    assertRefused(CliRun.of("board", "info", "--board", "sim:paper?arrays=65535&rows=65535&cols=65535"), 2, "cells");
  }

  @Test
  void damagedFilesAreRefusedNamingTheFile() throws Exception {
    String xbar = write("m.xbar", "PK\u0003\u0004 not really a zip");
    assertRefused(CliRun.of("eval", "--model", xbar), 3, xbar);
    String onnx = write("m.onnx", "\u0008\u0007\u0012\u00ff\u00ff\u00ff\u00ff\u000f");
    assertRefused(CliRun.of("compile", onnx, "--target", "sim", "-o", dir.resolve("o.xbar").toString()), 3, onnx);
    String cal = write("cal.json", "{\"format\": \"insitu-calibration\", \"formatVersion\": 1, \"slopeSiemensPerVolt\": NaN}");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--calibration", cal), 3, cal);
    String key = write("key.pem", "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
    assertRefused(CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", dir.resolve("s.xbar").toString(), "--sign", key), 3, key);
    String target = write("board.json", "{\"format\": \"insitu-board-spec\", \"formatVersion\": 1, \"spec\": [[[[]]]]}");
    assertRefused(CliRun.of("compile", "paper-cnn", "--target", target, "-o", dir.resolve("t.xbar").toString()), 3, target);
    Path run = Files.createDirectories(dir.resolve("run/checkpoints"));
    Files.write(run.resolve("ckpt-000000007.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
    assertRefused(CliRun.of("train", "--resume", run.getParent().toString(), "--quiet"), 3, "checkpoint");
    assertFalse(Files.exists(dir.resolve("o.xbar")) || Files.exists(dir.resolve("s.xbar")) || Files.exists(dir.resolve("t.xbar")),
        "a refused compile writes nothing");
  }

  @Test
  void directoriesWhereFilesBelongAreRefused() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.xbar"));
    assertRefused(CliRun.of("eval", "--model", folder.toString()), 3, "directory");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--calibration", folder.toString()), 3, "directory");
  }

  @Test
  void fileNamesThePlatformCannotRepresentAreUsageErrors() {
    assertRefused(CliRun.of("eval", "--model", "bad\uD800name.xbar"), 2, "file name");
    assertRefused(CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", "bad\uD800name.xbar"), 2, "-o");
  }

  /** A FIFO where a model, a key, a calibration, a spec or a checkpoint belongs: refused without opening it (which would block forever). */
  @Test
  void fifosWhereFilesBelongAreRefusedWithoutBlocking() throws Exception {
    Path fifo = Fifos.make(dir.resolve("pipe"));
    String f = fifo.toString();
    String o = dir.resolve("o.xbar").toString();
    for (String ext : List.of(".xbar", ".onnx", ".json")) Files.createSymbolicLink(dir.resolve("pipe" + ext), fifo);
    assertRefused(CliRun.of("eval", "--model", f + ".xbar"), 3, "FIFO");
    assertRefused(CliRun.of("compile", f + ".onnx", "--target", "sim", "-o", o), 3, "FIFO");
    assertRefused(CliRun.of("compile", "paper-cnn", "--target", f + ".json", "-o", o), 3, "FIFO");
    assertRefused(CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", o, "--sign", f), 3, "FIFO");
    assertRefused(CliRun.of("eval", "--model", "paper-cnn", "--calibration", f), 3, "FIFO");
    String real = dir.resolve("real.xbar").toString();
    assertEquals(0, CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", real).exit());
    assertRefused(CliRun.of("eval", "--model", real, "--verify-key", f), 3, "FIFO");
    Path run = Files.createDirectories(dir.resolve("run/checkpoints"));
    Fifos.make(run.resolve("ckpt-000000001.zip"));
    assertRefused(CliRun.of("train", "--resume", run.getParent().toString(), "--quiet"), 3, "FIFO");
  }
}
