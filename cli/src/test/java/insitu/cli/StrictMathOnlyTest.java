package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source of any module calls the {@code Math} functions whose last bits depend on the CPU
 * (HotSpot's x86_64 intrinsics round exp/log/pow differently from the fdlibm arm64 uses): results
 * must be the same bits on every machine, so they go through {@code StrictMath}. sqrt, abs, min,
 * max, fma, floor and the like are exact and stay on {@code Math}.
 */
class StrictMathOnlyTest {
  private static final Pattern MACHINE_DEPENDENT = Pattern.compile(
      "(?<!\\w)Math(?:\\.|::)(exp|expm1|log|log10|log1p|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\\b");

  @Test
  void mainSourcesUseStrictMathForTranscendentals() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(root.resolve("cli/pom.xml")), "run from the cli module: " + root);
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
            scanned++;
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++)
              if (MACHINE_DEPENDENT.matcher(lines.get(i)).find()) offenders.add(root.relativize(f) + ":" + (i + 1));
          }
        }
      }
    }
    assertTrue(scanned > 300, "found only " + scanned + " main sources under " + root);
    assertEquals(List.of(), offenders);
  }

  @Test
  void thePatternCatchesCallsAndReferencesButNotStrictMath() {
    assertTrue(MACHINE_DEPENDENT.matcher("y = Math.exp(-x);").find());
    assertTrue(MACHINE_DEPENDENT.matcher("map(x, Math::tanh)").find());
    assertTrue(MACHINE_DEPENDENT.matcher("(1 - Math.pow(b1, t))").find());
    assertTrue(MACHINE_DEPENDENT.matcher("java.lang.Math.log(s)").find());
    assertTrue(!MACHINE_DEPENDENT.matcher("y = StrictMath.exp(-x);").find());
    assertTrue(!MACHINE_DEPENDENT.matcher("Math.sqrt(Math.max(a, b)) + Math.exponent(x)").find());
  }
}
