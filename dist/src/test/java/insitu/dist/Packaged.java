package insitu.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the build packaged (paths from the pom), and running programs on it with a clean environment. */
final class Packaged {
  /** Tools the launcher calls; a clean PATH holds these and java, nothing else (no Maven, no git). */
  static final List<String> LAUNCHER_TOOLS = List.of("readlink", "sed", "head", "cksum", "ls", "mkdir", "mv", "rm", "wc");

  /** Guards a hung child only; no test asserts anything about time. */
  private static final long HANG_GUARD_MINUTES = 20;

  private Packaged() {}

  static Path tarball() {
    return existing("insitu.tarball");
  }

  static Path deb() {
    return existing("insitu.deb");
  }

  static String version() {
    return System.getProperty("insitu.version");
  }

  static Path sourceTree() throws IOException {
    return Path.of(System.getProperty("insitu.sourceTree")).toRealPath();
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    assertTrue(value != null, property + " is not set (run through Maven: mvn verify)");
    Path p = Path.of(value);
    assertTrue(Files.isRegularFile(p), p + " was not built");
    return p;
  }

  /** The tool's path, or skips the test (fails it under CI=true, where every tool must be there). */
  static Path requireTool(String name) {
    Optional<Path> found = onPath(name);
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) fail(name + " is missing; CI installs it (.ci/run)");
      assumeTrue(false, name + " not installed");
    }
    return found.get();
  }

  static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Unpacks the tarball into {@code dir} and returns the distribution's top directory. */
  static Path unpack(Path dir) throws IOException, InterruptedException {
    Path tar = requireTool("tar");
    Result r = run(List.of(tar.toString(), "-xzf", tarball().toString(), "-C", dir.toString()), Map.of("PATH", "/usr/bin:/bin"), dir);
    r.assertExit(0);
    return dir.resolve("insitu-" + version());
  }

  /**
   * A directory to put first and alone on PATH: java (the runtime running these tests, Java 17+) and
   * the few POSIX tools the launcher uses, each a symlink.
   */
  static Path cleanPath(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("clean-bin"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (!Files.exists(bin.resolve("java"))) Files.createSymbolicLink(bin.resolve("java"), java);
    for (String tool : LAUNCHER_TOOLS) {
      Path t = onPath(tool).orElseThrow(() -> new AssertionError(tool + " not found on PATH"));
      if (!Files.exists(bin.resolve(tool))) Files.createSymbolicLink(bin.resolve(tool), t);
    }
    return bin;
  }

  /** Removes the symlinks of {@link #cleanPath} (JUnit warns about each link it deletes otherwise). */
  static void removeCleanPath(Path dir) throws IOException {
    Path bin = dir.resolve("clean-bin");
    if (!Files.isDirectory(bin)) return;
    try (var links = Files.list(bin)) {
      for (Path link : links.toList()) Files.delete(link);
    }
  }

  /** Runs {@code command} in {@code cwd} with exactly {@code env} as its environment. */
  static Result run(List<String> command, Map<String, String> env, Path cwd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile("insitu-it", ".out");
    Path err = Files.createTempFile("insitu-it", ".err");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Process p = pb.start();
      if (!p.waitFor(HANG_GUARD_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish");
      }
      return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\n")) if (!l.isBlank()) lines.add(l);
    return lines;
  }

  /** A finished program: its exit code and what it printed. */
  record Result(List<String> command, int exit, String stdout, String stderr) {
    Result assertExit(int expected) {
      if (exit != expected)
        fail(String.join(" ", command) + " exited " + exit + " (expected " + expected + ")\nstdout: " + stdout + "\nstderr: " + stderr);
      return this;
    }
  }
}
