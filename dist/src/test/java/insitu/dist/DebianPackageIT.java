package insitu.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb as dpkg and systemd see it: control fields, files, maintainer scripts and the unit. */
class DebianPackageIT {
  private static final Map<String, String> TOOL_ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C");

  @TempDir static Path dir;
  static Path root;
  static Path control;

  @BeforeAll
  static void extract() throws Exception {
    String dpkgDeb = Packaged.requireTool("dpkg-deb").toString();
    root = Files.createDirectories(dir.resolve("root"));
    control = dir.resolve("control");
    Packaged.run(List.of(dpkgDeb, "-x", Packaged.deb().toString(), root.toString()), TOOL_ENV, dir).assertExit(0);
    Packaged.run(List.of(dpkgDeb, "-e", Packaged.deb().toString(), control.toString()), TOOL_ENV, dir).assertExit(0);
  }

  @AfterAll
  static void removeLinks() throws IOException {
    Packaged.removeCleanPath(dir);
  }

  private static Map<String, String> controlFields() throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String key = null;
    for (String line : Files.readAllLines(control.resolve("control"))) {
      if (line.startsWith(" ") && key != null) continue; // continuation of the description
      int c = line.indexOf(':');
      key = line.substring(0, c);
      fields.put(key, line.substring(c + 1).strip());
    }
    return fields;
  }

  @Test
  void controlFieldsSayWhatItNeeds() throws Exception {
    Map<String, String> f = controlFields();
    assertEquals("insitu", f.get("Package"));
    assertEquals(Packaged.version(), f.get("Version"));
    assertEquals("all", f.get("Architecture"));
    assertEquals("default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser", f.get("Depends"));
    assertTrue(f.get("Maintainer").matches(".+ <.+@.+>"), f.get("Maintainer"));
    // dpkg-deb -I reads the same fields back (the package is well-formed for dpkg itself).
    Packaged.Result info = Packaged.run(List.of(Packaged.requireTool("dpkg-deb").toString(), "-I", Packaged.deb().toString()), TOOL_ENV, dir).assertExit(0);
    assertTrue(info.stdout().contains("Architecture: all"), info.stdout());
    assertEquals(List.of("/etc/insitu/insitu.conf"), Files.readAllLines(control.resolve("conffiles")));
  }

  @Test
  void installsTheToolTheUnitAndTheConfiguration() throws Exception {
    Packaged.Result list = Packaged.run(List.of(Packaged.requireTool("dpkg-deb").toString(), "-c", Packaged.deb().toString()), TOOL_ENV, dir).assertExit(0);
    String c = list.stdout();
    assertTrue(c.contains("./usr/bin/insitu -> ../share/insitu/bin/insitu"), c);
    assertTrue(Pattern.compile("-rwxr-xr-x root/root .* \\./usr/share/insitu/bin/insitu\\n").matcher(c).find(), c);
    assertTrue(c.contains("./usr/share/insitu/lib/insitu-cli-" + Packaged.version() + ".jar"), c);
    assertTrue(c.contains("./usr/lib/systemd/system/insitu.service"), c);
    assertTrue(c.contains("./usr/share/doc/insitu/copyright"), c);
    assertTrue(c.contains("./etc/insitu/insitu.conf"), c);
    // Nothing outside the package's own places.
    Set<String> parents = Set.of("./", "./usr/", "./usr/bin/", "./usr/share/", "./usr/share/doc/", "./usr/lib/", "./usr/lib/systemd/",
        "./usr/lib/systemd/system/", "./etc/");
    for (String line : Packaged.lines(c)) {
      String path = line.substring(line.indexOf("./")).replaceAll(" -> .*", "");
      assertTrue(parents.contains(path) || path.equals("./usr/bin/insitu") || path.equals("./usr/lib/systemd/system/insitu.service")
          || path.startsWith("./usr/share/insitu/") || path.startsWith("./usr/share/doc/insitu/") || path.startsWith("./etc/insitu/"), path);
    }
  }

  @Test
  void theInstalledCommandRunsThroughItsSymlink() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("PATH", Packaged.cleanPath(dir).toString(), "HOME", dir.toString(), "INSITU_CDS", "off"));
    Packaged.Result r = Packaged.run(List.of(root.resolve("usr/bin/insitu").toString(), "--version"), env, dir).assertExit(0);
    assertEquals("insitu " + Packaged.version(), r.stdout().strip());
  }

  @Test
  void maintainerScriptsAreValidPosixShell() throws Exception {
    for (String script : List.of("postinst", "prerm", "postrm")) {
      Path s = control.resolve(script);
      assertTrue(Files.isExecutable(s), script);
      Packaged.run(List.of("/bin/sh", "-n", s.toString()), TOOL_ENV, dir).assertExit(0);
    }
    String postinst = Files.readString(control.resolve("postinst"));
    assertTrue(postinst.contains("adduser --system"), postinst);
    assertTrue(postinst.contains("insitu dialout") && postinst.contains("insitu gpio"), postinst);
    assertTrue(!postinst.contains("systemctl enable"), "the unit must not be enabled before it is configured");
    assertTrue(Files.readString(control.resolve("postrm")).contains("rm -rf /var/lib/insitu"));
  }

  /** Every variable the unit reads is set in the shipped configuration, and the unit runs `insitu serve`. */
  @Test
  void unitAndConfigurationAgree() throws Exception {
    String unit = Files.readString(root.resolve("usr/lib/systemd/system/insitu.service"));
    assertTrue(unit.contains("\nExecStart=/usr/bin/insitu serve "), unit);
    assertTrue(unit.contains("\nUser=insitu\n"), unit);
    assertTrue(unit.contains("\nEnvironmentFile=/etc/insitu/insitu.conf\n"), unit);
    assertTrue(unit.contains("\nStateDirectory=insitu\n"), unit);
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{?(INSITU_[A-Z_]+)").matcher(unit);
    while (m.find()) used.add(m.group(1));
    Set<String> defined = new TreeSet<>();
    for (String line : Files.readAllLines(root.resolve("etc/insitu/insitu.conf")))
      if (line.matches("INSITU_[A-Z_]+=.*")) defined.add(line.substring(0, line.indexOf('=')));
    assertTrue(defined.containsAll(used), "unit uses " + used + ", configuration defines " + defined);
  }

  /**
   * systemd's own check. The unit is verified with its paths moved into the extracted tree (the
   * command must exist and be executable); systemd-analyze exits 0 even on unknown keys, so any
   * output fails the test.
   */
  @Test
  void systemdAcceptsTheUnit() throws Exception {
    String analyze = Packaged.requireTool("systemd-analyze").toString();
    String unit = Files.readString(root.resolve("usr/lib/systemd/system/insitu.service"))
        .replace("/usr/bin/insitu", root.resolve("usr/bin/insitu").toString())
        .replace("/etc/insitu/insitu.conf", root.resolve("etc/insitu/insitu.conf").toString());
    Path copy = Files.writeString(Files.createDirectories(dir.resolve("units")).resolve("insitu.service"), unit);
    Packaged.Result r = Packaged.run(List.of(analyze, "verify", "--man=no", copy.toString()), TOOL_ENV, dir).assertExit(0);
    assertEquals("", r.stdout() + r.stderr());
  }
}
