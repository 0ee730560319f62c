package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.onnx.OnnxMetadata;
import insitu.compiler.onnx.OnnxReader;
import insitu.sdk.job.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code insitu export}, {@code insitu models} and {@code compile --input-range} from the command line. */
class ExportModelsCliTest {
  @TempDir Path dir;

  private static void assertOneLineError(CliRun r, int code, String contains) {
    assertEquals(code, r.exit(), r.err());
    assertTrue(r.err().contains(contains), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertTrue(r.err().strip().lines().count() <= 2, r.err());
  }

  @Test void compileThenExportWritesAStandardOnnxFile() {
    Path xbar = dir.resolve("m.xbar"), onnx = dir.resolve("out/m.onnx");
    assertEquals(0, CliRun.of("compile", "lenet5-fashion", "--target", "sim:paper?arrays=32", "-o", xbar.toString()).exit());
    CliRun r = CliRun.of("export", xbar.toString(), "--onnx", onnx.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonObject j = r.json();
    assertEquals(17, j.get("opset").getAsInt());
    assertEquals(Files.exists(onnx) ? onnx.toFile().length() : -1, j.get("bytes").getAsLong());
    assertEquals(17, OnnxReader.read(onnx).defaultOpset());
    var meta = OnnxMetadata.read(onnx);
    assertEquals("-1,1", meta.get("insitu.input_range"));
    assertEquals("sim:paper", meta.get("insitu.target"));
    assertEquals(ArtifactReader.read(xbar).manifest().manifestSha256(), meta.get("insitu.artifact_sha256"));
    CliRun text = CliRun.of("export", xbar.toString(), "--onnx", onnx.toString(), "--opset", "13");
    assertEquals(0, text.exit(), text.err());
    assertTrue(text.out().startsWith("exported " + xbar + ": 12 nodes, 61470 crossbar weights, opset 13 -> " + onnx), text.out());
  }

  @Test void exportRefusesInOneLine() throws Exception {
    Path xbar = dir.resolve("m.xbar");
    assertEquals(0, CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", xbar.toString()).exit());
    assertOneLineError(CliRun.of("export", xbar.toString(), "--onnx", dir.resolve("a.onnx").toString(), "--opset", "11"), 2, "13 to 21");
    assertOneLineError(CliRun.of("export", dir.resolve("none.xbar").toString(), "--onnx", dir.resolve("b.onnx").toString()), 3, "no such file");
    Path notXbar = Files.writeString(dir.resolve("c.xbar"), "hello");
    assertOneLineError(CliRun.of("export", notXbar.toString(), "--onnx", dir.resolve("c.onnx").toString()), 3, "not a valid .xbar");
    assertOneLineError(CliRun.of("export", xbar.toString()), 2, "--onnx");
    assertFalse(Files.exists(dir.resolve("a.onnx")) || Files.exists(dir.resolve("b.onnx")) || Files.exists(dir.resolve("c.onnx")));
  }

  @Test void compileRecordsAnInputRangeGivenOnTheCommandLine() {
    Path xbar = dir.resolve("r.xbar");
    CliRun r = CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", xbar.toString(), "--input-range", "-1,1", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("-1,1", r.json().get("input_range").getAsString());
    assertEquals("-1,1", ArtifactReader.read(xbar).manifest().notes().inputRange().toString());
    assertOneLineError(CliRun.of("compile", "paper-cnn", "--target", "sim", "-o", dir.resolve("s.xbar").toString(), "--input-range", "1"), 2,
        "LOW,HIGH");
  }

  @Test void modelsListsBuiltInsAndTheZoo() {
    CliRun r = CliRun.of("models", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonArray models = r.json().getAsJsonArray("models");
    assertEquals(7, models.size());
    for (JsonElement e : models) {
      JsonObject m = e.getAsJsonObject();
      assertTrue(ModelCatalog.VALID.contains(m.get("name").getAsString()), m.toString());
      assertTrue(ModelNames.HELP.contains(m.get("name").getAsString()), m.toString());
    }
    JsonObject fashion = models.get(4).getAsJsonObject();
    assertEquals("lenet5-fashion", fashion.get("name").getAsString());
    assertEquals("-1,1", fashion.get("input_range").getAsString());
    assertEquals(0.8863, fashion.get("software_accuracy").getAsDouble());
    CliRun text = CliRun.of("models");
    assertEquals(0, text.exit());
    assertTrue(text.out().lines().anyMatch(l -> l.startsWith("paper-cnn-trained") && l.contains("96.35%")), text.out());
    assertTrue(text.out().lines().anyMatch(l -> l.startsWith("paper-cnn ") && l.contains("built-in, untrained")), text.out());
  }
}
