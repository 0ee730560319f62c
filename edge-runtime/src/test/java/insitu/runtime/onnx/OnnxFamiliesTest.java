package insitu.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op-family fixture (one small random-weight PyTorch model per family, opsets 9–21) either
 * runs on the ideal simulated board with its weights programmed exactly and gives PyTorch's
 * outputs, or is refused in one line naming the op the manifest says it must.
 *
 * <p>The norm: max |out − ref| / max(max |ref|, 1e-6) ≤ 1e-4, the manifest's "relative 1e-4 of max
 * |reference|". The reference is PyTorch in float64 on the file's float32 numbers, so a double
 * computation is off only by the reference's float32 storage (~6e-8 of an element's magnitude) and
 * the ideal board's programming (~1e-12). Per element relative errors would be meaningless for
 * outputs near zero (a ReLU's, a difference of pools); scaling by the largest output judges every
 * element on the scale the model works at. 1e-4 leaves room for float32 weights the exporter
 * rounded and still catches any wrong index or formula, which moves outputs by their own size.
 */
class OnnxFamiliesTest {
  static final double TOLERANCE = 1e-4;
  private static final Map<String, int[]> PASSED = new TreeMap<>(); // family → {passed, refused}

  static Stream<Arguments> models() throws IOException {
    JsonObject m = JsonParser.parseString(Files.readString(Fixture.families().resolve("manifest.json"))).getAsJsonObject();
    List<Arguments> r = new ArrayList<>();
    for (JsonElement e : m.getAsJsonArray("models")) {
      JsonObject o = e.getAsJsonObject();
      r.add(Arguments.of(o.get("file").getAsString(), o));
    }
    return r.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void runsLikePyTorchOrIsRefusedInOneLine(String file, JsonObject entry) throws IOException {
    Path model = Fixture.families().resolve(file);
    String family = entry.get("family").getAsString();
    if (entry.get("expect").getAsString().startsWith("refuse")) {
      String op = entry.get("refuse_op").getAsString();
      BadInputException e = assertThrows(BadInputException.class, () -> Compiler.standard().validating().load(ModelSource.onnx(model)));
      assertFalse(e.getMessage().contains("\n"), "a refusal is one line: " + e.getMessage());
      assertTrue(e.getMessage().contains("(" + op + ")"), "the refusal names " + op + ": " + e.getMessage());
      count(family, 1);
      return;
    }
    Graph g = Compiler.standard().validating().load(ModelSource.onnx(model));
    NDArray x = batchFirst(Fixture.npy(Fixture.families().resolve(entry.get("input").getAsString())), batchAxis(entry, "input"));
    NDArray ref = batchFirst(Fixture.npy(Fixture.families().resolve(entry.get("output").getAsString())), batchAxis(entry, "output"));
    double[] out;
    try (Board board = BoardOpener.open("sim:ideal?arrays=64", 1)) {
      Deployment d = Deployment.map(board, insitu.numeric.parallel.Workers.sequential(), g, MappingOptions.autoScale());
      d.programOpenLoop(GateResponse.paper(), 1.6);
      NDArray y = d.executor().forward(x);
      assertEquals(java.util.Arrays.toString(ref.shape()), java.util.Arrays.toString(y.shape()), file + ": output shape");
      out = y.data();
    }
    double err = 0, scale = 0;
    for (int k = 0; k < out.length; k++) {
      err = Math.max(err, Math.abs(out[k] - ref.data()[k]));
      scale = Math.max(scale, Math.abs(ref.data()[k]));
    }
    double rel = err / Math.max(scale, 1e-6);
    assertTrue(rel <= TOLERANCE, file + ": max |diff| / max |ref| = " + rel);
    count(family, 0);
  }

  private static synchronized void count(String family, int k) {
    PASSED.computeIfAbsent(family, f -> new int[2])[k]++;
  }

  @AfterAll
  static void printCoverage() {
    int runs = 0, refusals = 0;
    for (var e : PASSED.entrySet()) {
      runs += e.getValue()[0];
      refusals += e.getValue()[1];
    }
    System.out.printf("op families: %d fixtures match PyTorch, %d refused as expected, %d families%n", runs, refusals, PASSED.size());
  }

  /** The axis the manifest marks as the batch of a value (0 unless it says otherwise). */
  static int batchAxis(JsonObject entry, String value) {
    JsonObject axes = entry.getAsJsonObject("dynamic_axes");
    if (axes == null || !axes.has(value)) return 0;
    for (String k : axes.getAsJsonObject(value).keySet()) return Integer.parseInt(k);
    return 0;
  }

  /** The array with axis k moved to the front, as insitu presents every input and output. */
  static NDArray batchFirst(Fixture.Npy a, int k) {
    int[] s = java.util.Arrays.stream(a.shape()).mapToInt(v -> (int) v).toArray();
    if (k == 0) return new NDArray(s, a.values());
    int[] perm = new int[s.length], os = new int[s.length];
    perm[0] = k;
    for (int i = 1; i < s.length; i++) perm[i] = i <= k ? i - 1 : i;
    for (int i = 0; i < s.length; i++) os[i] = s[perm[i]];
    int[] st = insitu.compiler.ir.Shapes.strides(s);
    double[] v = new double[a.values().length];
    int[] src = insitu.compiler.ir.Shapes.indexMap(os, idx -> {
      int off = 0;
      for (int i = 0; i < idx.length; i++) off += idx[i] * st[perm[i]];
      return off;
    });
    for (int i = 0; i < v.length; i++) v[i] = a.values()[src[i]];
    return new NDArray(os, v);
  }

}
