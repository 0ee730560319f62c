package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.sdk.data.NpyDtype;
import insitu.sdk.data.NpyReader;
import insitu.sdk.data.NpyWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Issue 3 end to end: PyTorch-exported models through `insitu eval`, against PyTorch's own outputs. */
class OnnxFixturesCliTest {
  static final Path FX = Path.of("../compiler/src/test/resources/fixtures");
  @TempDir Path tmp;

  private static String data(String m) {
    return "npy:" + FX.resolve(m + "_x.npy") + "," + FX.resolve(m + "_y.npy");
  }

  /** PyTorch's accuracy on the saved inputs, from its saved logits. */
  private static double pytorchAccuracy(String m) {
    double[] out = NpyReader.read(FX.resolve(m + "_out.npy")).toDoubles();
    long[] y = NpyReader.read(FX.resolve(m + "_y.npy")).toLongs();
    int classes = out.length / y.length, correct = 0;
    for (int s = 0; s < y.length; s++) {
      int best = 0;
      for (int c = 1; c < classes; c++) if (out[s * classes + c] > out[s * classes + best]) best = c;
      if (best == y[s]) correct++;
    }
    return (double) correct / y.length;
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper_cnn", "mnist28_cnn", "convlstm"})
  void writeVerifyOnThePaperBoardStaysWithinTwoPointsOfPytorch(String m) {
    CliRun r = CliRun.of("eval", "--model", FX.resolve(m + ".onnx").toString(), "--data", data(m),
        "--board", "sim:paper?arrays=40", "--program", "write-verify", "--json", "--quiet");
    assertEquals(0, r.exit(), r.err());
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    double acc = j.get("accuracy").getAsDouble(), ref = pytorchAccuracy(m);
    assertEquals(ref, acc, 0.02, m + ": insitu " + acc + " vs PyTorch " + ref);
    JsonObject p = j.getAsJsonObject("program");
    assertTrue(p.get("converged").getAsInt() >= 0.99 * p.get("cells").getAsInt(), p.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper_cnn", "mnist28_cnn", "convlstm"})
  void exactProgrammingOnTheIdealBoardReproducesPytorchOutputs(String m) {
    Path out = tmp.resolve(m + "_insitu.npy");
    CliRun r = CliRun.of("eval", "--model", FX.resolve(m + ".onnx").toString(), "--data", data(m),
        "--board", "sim:ideal?arrays=40", "--program", "exact", "--save-outputs", out.toString(), "--quiet");
    assertEquals(0, r.exit(), r.err());
    double[] ours = NpyReader.read(out).toDoubles(), ref = NpyReader.read(FX.resolve(m + "_out.npy")).toDoubles();
    assertEquals(ref.length, ours.length);
    double maxAbs = 0, maxDiff = 0;
    for (int i = 0; i < ref.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(ref[i]));
      maxDiff = Math.max(maxDiff, Math.abs(ref[i] - ours[i]));
    }
    assertTrue(maxDiff / maxAbs <= 1e-4, m + ": relative difference " + maxDiff / maxAbs);
  }

  private static void assertExit3Naming(CliRun r, String... mentions) {
    assertEquals(3, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("insitu:")).count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    for (String m : mentions) assertTrue(r.err().contains(m), "mentions " + m + ": " + r.err());
  }

  @Test
  void unsupportedOpIsNamedWithItsNode() {
    assertExit3Naming(CliRun.of("eval", "--model", FX.resolve("unsupported_op.onnx").toString(), "--board", "sim", "--quiet"),
        "Erf", "/Erf");
  }

  @Test
  void truncatedAndNotOnnxFilesAreRejected() throws Exception {
    byte[] full = Files.readAllBytes(FX.resolve("paper_cnn.onnx"));
    Path cut = tmp.resolve("cut.onnx"), text = tmp.resolve("text.onnx");
    Files.write(cut, java.util.Arrays.copyOf(full, full.length / 2));
    Files.writeString(text, "definitely not a protobuf, just some text\n");
    assertExit3Naming(CliRun.of("eval", "--model", cut.toString(), "--board", "sim", "--quiet"), "cut.onnx");
    assertExit3Naming(CliRun.of("eval", "--model", text.toString(), "--board", "sim", "--quiet"), "text.onnx");
  }

  @Test
  void inputOfTheWrongShapeIsRejected() {
    assertExit3Naming(CliRun.of("eval", "--model", FX.resolve("mnist28_cnn.onnx").toString(), "--data", data("paper_cnn"),
        "--board", "sim:ideal?arrays=40", "--program", "exact", "--quiet"), "shape");
  }

  @Test
  void nanInTheInputIsRejected() throws Exception {
    double[] x = NpyReader.read(FX.resolve("paper_cnn_x.npy")).toDoubles();
    x[100] = Double.NaN;
    Path nx = tmp.resolve("nan_x.npy");
    NpyWriter.write(nx, new int[] {300, 1, 8, 8}, NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, x);
    assertExit3Naming(CliRun.of("eval", "--model", FX.resolve("paper_cnn.onnx").toString(), "--data",
        "npy:" + nx + "," + FX.resolve("paper_cnn_y.npy"), "--board", "sim:ideal", "--program", "exact", "--quiet"), "NaN");
  }
}
