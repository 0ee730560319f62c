package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: what the user had survives a failing command, and no temporary file stays behind. */
class FailedRunsOverwriteNothingTest {
  @TempDir Path dir;

  @Test
  void aCompileWhoseMapCannotBeWrittenLeavesTheOldArtifact() throws Exception {
    Path x = dir.resolve("m.xbar"), report = dir.resolve("r.json");
    assertEquals(0, CliRun.of("compile", "paper-cnn", "--target", "sim:paper?arrays=3", "-o", x.toString(), "--report", report.toString()).exit());
    byte[] artifact = Files.readAllBytes(x), json = Files.readAllBytes(report);
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "a file where the map's directory should be");
    CliRun r = CliRun.of("compile", "paper-cnn", "--seed", "7", "--target", "sim:paper?arrays=3", "-o", x.toString(), "--report",
        report.toString(), "--png", notADirectory.resolve("m.png").toString());
    assertEquals(3, r.exit(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertArrayEquals(artifact, Files.readAllBytes(x), "the artifact is the old one");
    assertArrayEquals(json, Files.readAllBytes(report), "and so is the report");
    assertEquals(List.of(), temporaries());
  }

  @Test
  void aTrainingRunThatFailsBeforeItsFirstBatchLeavesNoDirectory() throws Exception {
    Path out = dir.resolve("run");
    CliRun r = CliRun.of("train", "--board", "warp:drive", "--epochs", "1", "--out", out.toString(), "--quiet");
    assertEquals(2, r.exit(), r.err());
    assertFalse(Files.exists(out), "nothing to resume, nothing left");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertEquals(2, CliRun.of("train", "--board", "warp:drive", "--epochs", "1", "--out", empty.toString(), "--quiet").exit());
    try (Stream<Path> s = Files.list(empty)) {
      assertEquals(0, s.count(), "an empty directory given is left empty");
    }
  }

  private List<Path> temporaries() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
