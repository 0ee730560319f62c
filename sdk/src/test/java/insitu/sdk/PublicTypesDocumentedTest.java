package insitu.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every public type of the SDK (what an app programs against) carries a Javadoc comment. */
class PublicTypesDocumentedTest {
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^\\s*public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*(class|interface|record|enum|@interface)\\s+(\\w+)");

  @Test
  void everyPublicTypeHasJavadoc() throws IOException {
    Path sources = Path.of("src/main/java/insitu/sdk");
    assertTrue(Files.isDirectory(sources), "run from the sdk module: " + sources.toAbsolutePath());
    List<String> undocumented = new ArrayList<>();
    int types = 0;
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = PUBLIC_TYPE.matcher(lines.get(i));
          if (!m.find()) continue;
          types++;
          if (!documented(lines, i)) undocumented.add(sources.relativize(f) + ": " + m.group(1) + " " + m.group(2));
        }
      }
    }
    assertTrue(types > 10, "found only " + types + " public types");
    assertEquals(List.of(), undocumented);
  }

  /** The line before the declaration (annotations skipped) closes a comment that opened with two asterisks. */
  private static boolean documented(List<String> lines, int declaration) {
    int j = declaration - 1;
    while (j >= 0 && lines.get(j).strip().startsWith("@")) j--;
    if (j < 0 || !lines.get(j).strip().endsWith("*/")) return false;
    while (j >= 0 && !lines.get(j).contains("/*")) j--;
    return j >= 0 && lines.get(j).contains("/**");
  }
}
