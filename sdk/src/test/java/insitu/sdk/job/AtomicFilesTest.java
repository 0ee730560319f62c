package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
    assertTrue(Files.isDirectory(blocked.resolve("in-the-way")));
  }

  @Test
  void reportsKeepTheirCharactersAndWriteNaNAsNull() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("initialization", "paper (RESET all, SET all at Vg0 = 1.6 V) <&>");
    r.put("accuracy", Double.NaN);
    String json = JsonReport.toJson(r, false);
    assertEquals("{\"initialization\":\"paper (RESET all, SET all at Vg0 = 1.6 V) <&>\",\"accuracy\":null}", json);
  }
}
