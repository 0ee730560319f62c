package insitu.io;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aReplacementThatCannotBeRenamedLeavesTheOldFileAndNoTemporary() throws Exception {
    Path target = dir.resolve("report.json");
    AtomicFiles.write(target, "old".getBytes());
    AtomicFiles.write(target, "new".getBytes());
    assertEquals("new", Files.readString(target));
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("in-the-way"));
    assertThrows(IOException.class, () -> AtomicFiles.write(blocked, "x".getBytes()));
    assertNoTemporary();
    assertTrue(Files.isDirectory(blocked.resolve("in-the-way")));
  }

  @Test
  void aContentThatFailsLeavesWhatTheUserHadAndSaysSoInOneLine() throws Exception {
    Path target = dir.resolve("model.xbar");
    AtomicFiles.write(target, "theirs".getBytes());
    BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.write(target, "the artifact", out -> {
      out.write("half".getBytes());
      throw new IOException("disk full");
    }));
    assertEquals(target + ": cannot write the artifact: disk full", e.getMessage());
    assertEquals("theirs", Files.readString(target));
    assertNoTemporary();
  }

  @Test
  void filesAreReadableByAll() throws Exception {
    Path target = dir.resolve("sub").resolve("spec.json");
    AtomicFiles.write(target, "{}".getBytes());
    if (Files.getFileStore(target).supportsFileAttributeView("posix"))
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  private void assertNoTemporary() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
  }
}
