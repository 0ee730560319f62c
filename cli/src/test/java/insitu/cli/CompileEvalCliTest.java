package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.compiler.artifact.SigningKeys;
import insitu.sdk.data.NpyArray;
import insitu.sdk.data.NpyReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileEvalCliTest {
  @TempDir Path dir;

  /** The shared in-process runner, with the result's JSON at hand. */
  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static void assertOneLineError(CliRun r, int code, String contains) {
    assertEquals(code, r.exit(), r.err());
    assertTrue(r.err().contains(contains), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertTrue(r.err().strip().lines().count() <= 2, r.err()); // the error, plus picocli's usage hint for exit 2
  }

  private String s(Path p) {
    return p.toString();
  }

  @Test void compileWritesArtifactReportAndPng() throws Exception {
    Path x = dir.resolve("m.xbar"), rep = dir.resolve("r.json"), png = dir.resolve("m.png");
    CliRun r = run("compile", "paper-cnn", "--target", "sim:paper?arrays=3&badRows=0:3", "-o", s(x), "--report", s(rep), "--png", s(png), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonObject j = r.json();
    assertEquals(1015, j.get("weights").getAsInt());
    assertEquals(2030, j.get("devices_used").getAsInt());
    assertEquals(3, j.getAsJsonArray("utilization").size());
    assertEquals(3, j.getAsJsonArray("layers").size());
    assertEquals(1e-4, j.getAsJsonArray("layers").get(0).getAsJsonObject().get("siemens_per_weight").getAsDouble());
    assertTrue(Files.size(x) > 0 && Files.size(png) > 0);
    assertEquals(2030, JsonParser.parseString(Files.readString(rep)).getAsJsonObject().get("devices_used").getAsInt());
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
    assertEquals((byte) 0x89, head[0]);
    assertEquals('P', head[1]);
  }

  @Test void evalArtifactExactOnIdealEqualsEvalOfTheModelItself() throws Exception {
    Path x = dir.resolve("m.xbar"), o1 = dir.resolve("a.npy"), o2 = dir.resolve("b.npy");
    assertEquals(0, run("compile", "paper-cnn", "--target", "sim:ideal", "-o", s(x), "--seed", "4").exit());
    CliRun a = run("eval", "--model", s(x), "--data", "mnist8", "--board", "sim:ideal", "--program", "exact", "--save-outputs", s(o1), "--json");
    assertEquals(0, a.exit(), a.err());
    CliRun b = run("eval", "--model", "paper-cnn", "--seed", "4", "--data", "mnist8", "--board", "sim:ideal", "--program", "exact",
        "--save-outputs", s(o2), "--json");
    assertEquals(0, b.exit(), b.err());
    JsonObject ja = a.json(), jb = b.json();
    assertEquals("artifact", ja.get("placement").getAsString());
    assertEquals(2000, ja.get("samples").getAsInt());
    assertTrue(ja.has("seconds") && ja.getAsJsonObject("program").has("pulses"));
    assertEquals(jb.get("accuracy").getAsDouble(), ja.get("accuracy").getAsDouble());
    NpyArray na = NpyReader.read(o1), nb = NpyReader.read(o2);
    assertEquals("[2000, 10]", Arrays.toString(na.shape()));
    assertTrue(Arrays.equals(na.data(), nb.data()), "same weights, same ideal board: same outputs");
  }

  @Test void evalWriteVerifyOnPaperBoardReportsProgramming() {
    CliRun r = run("eval", "--model", "paper-cnn", "--data", "mnist8", "--board", "sim", "--program", "write-verify", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonObject p = r.json().getAsJsonObject("program");
    int cells = p.get("cells").getAsInt();
    assertEquals(2030, cells);
    assertTrue(p.get("converged").getAsInt() >= 0.99 * cells, p.toString());
    assertEquals(cells, p.get("converged").getAsInt() + p.get("failed").getAsInt());
    assertTrue(p.get("pulses").getAsLong() > 0);
    double acc = r.json().get("accuracy").getAsDouble();
    assertTrue(acc >= 0 && acc <= 1);
  }

  @Test void artifactForAnotherGeometryIsRemappedWithANote() {
    Path x = dir.resolve("m.xbar");
    assertEquals(0, run("compile", "paper-cnn", "--target", "sim:paper?rows=64&cols=64&arrays=4", "-o", s(x)).exit());
    CliRun r = run("eval", "--model", s(x), "--board", "sim:ideal", "--program", "exact", "--json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("re-mapping"), r.err());
    assertTrue(r.json().get("placement").getAsString().startsWith("re-mapped"));
  }

  @Test void badInputsGiveTheDocumentedExitCodes() throws Exception {
    assertOneLineError(run("eval", "--model", s(dir.resolve("missing.xbar")), "--board", "sim"), 3, "no such file");
    Path x = dir.resolve("m.xbar");
    assertEquals(0, run("compile", "paper-cnn", "--target", "sim", "-o", s(x)).exit());
    byte[] b = Files.readAllBytes(x);
    Path corrupt = dir.resolve("corrupt.xbar");
    Files.write(corrupt, Arrays.copyOf(b, b.length - 40));
    assertOneLineError(run("eval", "--model", s(corrupt), "--board", "sim"), 3, "corrupt.xbar");
    assertOneLineError(run("eval", "--model", "paper-cnn", "--board", "nosuchboard"), 2, "unknown board");
    assertOneLineError(run("compile", "paper-cnn", "--target", "warp:drive", "-o", s(dir.resolve("y.xbar"))), 2, "unknown board");
    assertOneLineError(run("compile", "no-such-model", "--target", "sim", "-o", s(dir.resolve("y.xbar"))), 2, "unknown model");
    assertOneLineError(run("eval", "--model", "paper-cnn", "--program", "hope"), 2, "write-verify, exact");
    Path fx = Path.of("../compiler/src/test/resources/fixtures");
    String npy = "npy:" + fx.resolve("mnist28_cnn_x.npy") + "," + fx.resolve("mnist28_cnn_y.npy");
    assertOneLineError(run("eval", "--model", s(x), "--data", npy, "--board", "sim"), 3, "expects [1, 8, 8]");
    assertOneLineError(run("compile", "paper-cnn", "--target", "sim:paper?rows=8&cols=8", "-o", s(dir.resolve("z.xbar"))), 3,
        "need 46 arrays of 8x8 but the target has 1; use --target 'sim:paper?rows=8&cols=8&arrays=46'");
    assertFalse(Files.exists(dir.resolve("z.xbar")));
  }

  @Test void signedArtifactsAreRequiredWhenAKeyIsConfigured() throws Exception {
    Path priv = dir.resolve("k.pem"), pub = dir.resolve("k.pub");
    SigningKeys.write(SigningKeys.generate(), priv, pub);
    Path signed = dir.resolve("s.xbar"), unsigned = dir.resolve("u.xbar");
    assertEquals(0, run("compile", "paper-cnn", "--target", "sim:ideal", "-o", s(signed), "--sign", s(priv)).exit());
    assertEquals(0, run("compile", "paper-cnn", "--target", "sim:ideal", "-o", s(unsigned)).exit());
    CliRun ok = run("eval", "--model", s(signed), "--board", "sim:ideal", "--program", "exact", "--verify-key", s(pub), "--json");
    assertEquals(0, ok.exit(), ok.err());
    assertTrue(ok.json().get("signature_verified").getAsBoolean());
    assertOneLineError(run("eval", "--model", s(unsigned), "--board", "sim:ideal", "--verify-key", s(pub)), 3, "not signed");
  }

  @Test void aBoardSpecFileIsACompileTargetAndCompilingNeverOpensASerialBoard() throws Exception {
    String board = "sim:paper?arrays=3&badRows=0:3";
    Path spec = dir.resolve("board.json"), fromFile = dir.resolve("a.xbar"), fromString = dir.resolve("b.xbar");
    CliRun info = run("board", "info", "--board", board, "--out", s(spec), "--json");
    assertEquals(0, info.exit(), info.err());
    assertEquals(s(spec), info.json().get("spec_file").getAsString());
    assertEquals(0, run("compile", "paper-cnn", "--target", s(spec), "-o", s(fromFile)).exit());
    assertEquals(0, run("compile", "paper-cnn", "--target", board, "-o", s(fromString)).exit());
    assertTrue(Arrays.equals(Files.readAllBytes(fromString), Files.readAllBytes(fromFile)), "same spec, same artifact");
    // A port that does not exist: opening it would be a board error (exit 4); compile asks for the spec file instead.
    assertOneLineError(run("compile", "paper-cnn", "--target", "serial:/dev/ttyNOPE", "-o", s(dir.resolve("c.xbar"))), 2,
        "'insitu board info --board serial:/dev/ttyNOPE --out board.json'");
    assertOneLineError(run("compile", "paper-cnn", "--target", s(dir.resolve("missing.json")), "-o", s(dir.resolve("d.xbar"))), 3,
        "no such file");
  }
}
