package insitu.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.samples.embedded.SensorLoopApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK as an embedded app sees it: its jars (the tarball's lib/ without the tool's own) carry no
 * command-line parser and no logging configuration, and an app that does not add the Vector API
 * module runs without the JVM's incubator warning.
 */
class EmbeddedAppIT {
  /** The jars only the command-line tool needs. */
  private static final Set<String> TOOL_ONLY = Set.of("insitu-cli", "picocli", "tinylog-impl", "slf4j-tinylog");
  private static final Pattern DEPENDENCY = Pattern.compile(
      "<dependency>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>", Pattern.DOTALL);

  @TempDir static Path dir;
  static List<Path> sdkJars;

  @BeforeAll
  static void unpack() throws Exception {
    Path home = Packaged.unpack(dir);
    try (Stream<Path> s = java.nio.file.Files.list(home.resolve("lib"))) {
      sdkJars = s.filter(p -> TOOL_ONLY.stream().noneMatch(t -> p.getFileName().toString().startsWith(t + "-"))).sorted().toList();
    }
  }

  @Test
  void sdkJarsCarryNoCliParserAndNoLoggingConfiguration() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path jar : sdkJars) {
      String name = jar.getFileName().toString();
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (ZipEntry e : zip.stream().toList()) {
          String n = e.getName();
          if (n.matches("(.*/)?tinylog(-[a-z]+)?\\.properties") || n.startsWith("picocli/") || n.startsWith("org/tinylog/core/")
              || n.startsWith("org/tinylog/writers/") || n.equals("META-INF/services/org.tinylog.provider.LoggingProvider"))
            found.add(name + "!" + n);
          // Each insitu module's own pom: no dependency on the tool's libraries outside test scope.
          if (n.matches("META-INF/maven/io\\.insitu/[^/]+/pom\\.xml"))
            for (String artifact : runtimeDependencies(new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8)))
              if (TOOL_ONLY.contains(artifact)) found.add(name + " depends on " + artifact);
        }
      }
    }
    assertTrue(sdkJars.stream().anyMatch(p -> p.getFileName().toString().startsWith("insitu-sdk-")), sdkJars.toString());
    assertEquals(List.of(), found);
  }

  private static List<String> runtimeDependencies(String pom) {
    List<String> artifacts = new ArrayList<>();
    Matcher m = DEPENDENCY.matcher(pom);
    while (m.find()) if (!m.group(2).contains("<scope>test</scope>")) artifacts.add(m.group(1));
    return artifacts;
  }

  @Test
  void anAppWithoutTheVectorModuleSeesNoIncubatorWarning() throws Exception {
    Path sample = Path.of(SensorLoopApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String classpath = Stream.concat(Stream.of(sample), sdkJars.stream()).map(Path::toString).collect(Collectors.joining(":"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Packaged.Result r = Packaged.run(List.of(java, "-cp", classpath, SensorLoopApp.class.getName(), "sim", "200"),
        Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()), dir).assertExit(0);
    assertTrue(r.stdout().startsWith("200 samples classified on the board"), r.stdout());
    assertFalse(r.stderr().contains("incubator"), r.stderr());
  }
}
