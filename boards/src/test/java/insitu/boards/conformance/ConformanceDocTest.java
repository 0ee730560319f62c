package insitu.boards.conformance;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.emulator.FirmwareDefect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/board-protocol.md §10 is what a firmware author reads: its table must list every check in
 * the order the suite runs them, and its "catches" column must say exactly which checks each
 * deliberate defect fails (as {@link ConformanceSuiteTest} measures).
 */
class ConformanceDocTest {
  private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| `([a-z0-9-]+)` \\|.*\\|([^|]*)\\|\\s*$");
  private static final Pattern DEFECT = Pattern.compile("`([a-z-]+)`");

  @Test
  void checkTableMatchesTheSuite() throws Exception {
    Path doc = Path.of("..", "docs", "board-protocol.md");
    assertTrue(Files.exists(doc), "run from the boards module: " + doc.toAbsolutePath());
    List<String> names = new ArrayList<>();
    Map<FirmwareDefect, List<String>> caught = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher m = ROW.matcher(line);
      if (!m.matches()) continue;
      assertEquals(names.size() + 1, Integer.parseInt(m.group(1)), line);
      names.add(m.group(2));
      Matcher d = DEFECT.matcher(m.group(3));
      while (d.find()) caught.computeIfAbsent(FirmwareDefect.parse(d.group(1)), k -> new ArrayList<>()).add(m.group(2));
    }
    assertEquals(ConformanceSuite.checks().stream().map(ConformanceCheck::name).toList(), names);
    assertEquals(ConformanceSuiteTest.CAUGHT_BY.keySet(), caught.keySet());
    for (FirmwareDefect d : caught.keySet())
      assertEquals(ConformanceSuiteTest.CAUGHT_BY.get(d).stream().sorted().toList(), caught.get(d).stream().sorted().toList(), d.toString());
    assertTrue(Files.readString(doc).contains("runs " + names.size() + " checks"), "the check count in the text");
  }
}
