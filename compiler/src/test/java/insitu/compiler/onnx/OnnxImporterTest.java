package insitu.compiler.onnx;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class OnnxImporterTest {

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int k = 0; k < n; k++) v[k] = (k % 7 - 3) * 0.1f;
    return v;
  }

  /** x[N,4,4,4] → Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [64])) → MatMul(·, W[64,3]). */
  public static OnnxModelBuilder shapeSubgraphModel() {
    return new OnnxModelBuilder("shape_subgraph")
        .input("x", OnnxDataType.FLOAT, -1, 4, 4, 4).output("y")
        .floats("W", new long[] {64, 3}, ramp(192))
        .longs("zero", new long[0], 0).longs("axes0", new long[] {1}, 0).longs("sixtyfour", new long[] {1}, 64)
        .node("Shape", "/Shape", List.of("x"), List.of("s"))
        .node("Gather", "/Gather", List.of("s", "zero"), List.of("b"), attr("axis", 0L))
        .node("Unsqueeze", "/Unsqueeze", List.of("b", "axes0"), List.of("b1"))
        .node("Concat", "/Concat", List.of("b1", "sixtyfour"), List.of("target"), attr("axis", 0L))
        .node("Reshape", "/Reshape", List.of("x", "target"), List.of("r"))
        .node("MatMul", "/MatMul", List.of("r", "W"), List.of("y"));
  }

  private static Node only(Graph g, Class<? extends Op> type) {
    List<Node> ns = g.nodes().stream().filter(n -> type.isInstance(n.op())).toList();
    assertEquals(1, ns.size(), g.dump());
    return ns.get(0);
  }

  @Test
  void shapeSubgraphOnTheBatchFoldsToAReshapeThatCopiesTheBatchDim() {
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(shapeSubgraphModel().build(), "m.onnx"));
    assertEquals(2, g.nodes().size(), g.dump());
    assertArrayEquals(new long[] {0, 64}, ((Op.Reshape) only(g, Op.Reshape.class).op()).shape());
    assertArrayEquals(new int[] {-1, 4, 4, 4}, g.input().shape());
    assertEquals(List.of("W"), List.copyOf(g.initializers().keySet()));
    assertEquals(List.of("W"), List.copyOf(g.crossbarWeights()));
  }

  @Test
  void exportTimeBatchInAReshapeTargetBecomesTheBatchDim() {
    OnnxModel m = new OnnxModelBuilder("literal").input("x", OnnxDataType.FLOAT, 1, 4, 4, 4).output("y")
        .floats("W", new long[] {64, 3}, ramp(192)).longs("t", new long[] {2}, 1, 64)
        .node("Reshape", "/Reshape", List.of("x", "t"), List.of("r"))
        .node("MatMul", "/MatMul", List.of("r", "W"), List.of("y")).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    assertArrayEquals(new long[] {0, 64}, ((Op.Reshape) only(g, Op.Reshape.class).op()).shape());
  }

  @Test
  void batchProductInAReshapeTargetIsInferred() {
    // [N,3,4] → [N*3, 4] → Gemm: the first dim is 3·batch, so the target becomes [-1, 4].
    OnnxModel m = new OnnxModelBuilder("product").input("x", OnnxDataType.FLOAT, -1, 3, 4).output("y")
        .floats("W", new long[] {2, 4}, ramp(8)).longs("zero", new long[0], 0).longs("one", new long[0], 1)
        .longs("axes0", new long[] {1}, 0).longs("four", new long[] {1}, 4)
        .node("Shape", "", List.of("x"), List.of("s"))
        .node("Gather", "", List.of("s", "zero"), List.of("n"), attr("axis", 0L))
        .node("Gather", "", List.of("s", "one"), List.of("t"), attr("axis", 0L))
        .node("Mul", "", List.of("n", "t"), List.of("nt"))
        .node("Unsqueeze", "", List.of("nt", "axes0"), List.of("nt1"))
        .node("Concat", "", List.of("nt1", "four"), List.of("target"), attr("axis", 0L))
        .node("Reshape", "", List.of("x", "target"), List.of("r"))
        .node("Gemm", "fc", List.of("r", "W"), List.of("y"), attr("transB", 1L)).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    assertArrayEquals(new long[] {-1, 4}, ((Op.Reshape) only(g, Op.Reshape.class).op()).shape());
  }

  @Test
  void constantOfShapeOnTheBatchBecomesARuntimeBroadcastOfItsSlice() {
    OnnxModel m = new OnnxModelBuilder("h0").input("x", OnnxDataType.FLOAT, -1, 3).output("y")
        .floats("W", new long[] {5, 2}, ramp(10)).longs("zero", new long[0], 0).longs("axes0", new long[] {1}, 0)
        .longs("two", new long[] {1}, 2)
        .node("Shape", "", List.of("x"), List.of("s"))
        .node("Gather", "", List.of("s", "zero"), List.of("n"), attr("axis", 0L))
        .node("Unsqueeze", "", List.of("n", "axes0"), List.of("n1"))
        .node("Concat", "", List.of("n1", "two"), List.of("shape"), attr("axis", 0L))
        .node("ConstantOfShape", "/h0", List.of("shape"), List.of("h0"),
            attr("value", OnnxTensor.ofFloats("v", new long[] {1}, new float[] {0.5f})))
        .node("Concat", "/cat", List.of("x", "h0"), List.of("xh"), attr("axis", 1L))
        .node("Gemm", "fc", List.of("xh", "W"), List.of("y")).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    Node cat = only(g, Op.Concat.class);
    assertEquals("x", cat.input(0));
    // The h0 operand is built from the input (so it has the run-time batch), not a fixed constant.
    assertTrue(!g.initializers().containsKey(cat.input(1)), g.dump());
    assertTrue(g.initializers().values().stream().anyMatch(t -> Arrays.equals(t.shape(), new int[] {1, 2})
        && Arrays.stream(t.data()).allMatch(v -> v == 0.5)), g.dump());
  }

  @Test
  void deadBranchesAreRemovedAndNodesSorted() {
    OnnxModel m = new OnnxModelBuilder("order").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .floats("W", new long[] {4, 2}, ramp(8))
        .node("Relu", "/late", List.of("h"), List.of("y"))
        .node("Sigmoid", "/dead", List.of("x"), List.of("unused"))
        .node("MatMul", "/early", List.of("x", "W"), List.of("h")).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    assertEquals(List.of("/early", "/late"), g.nodes().stream().map(Node::name).toList());
    assertEquals(List.of("y"), g.outputs());
  }

  @Test
  void paperCnnPadIsResolvedToRightAndBottom() {
    Graph g = Compiler.standard().validating().load(ModelSource.onnx(Fixtures.model("paper_cnn")));
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 1, 1}, ((Op.Pad) only(g, Op.Pad.class).op()).pads());
    assertEquals(7, g.nodes().size(), g.dump());
    assertEquals(1015, g.crossbarWeightCount());
  }

  @Test
  void batchNormIsFoldedIntoTheConvWeightAndBias() throws IOException {
    OnnxGraph raw = OnnxReader.read(Fixtures.model("mnist28_cnn")).graph();
    Graph g = Compiler.standard().validating().load(ModelSource.onnx(Fixtures.model("mnist28_cnn")));
    assertTrue(g.nodes().stream().noneMatch(n -> n.op().type().equals("BatchNormalization")));
    double[] w = raw.initializer("conv1.weight").orElseThrow().toDoubles();
    double[] gamma = raw.initializer("bn1.weight").orElseThrow().toDoubles();
    double[] var = raw.initializer("bn1.running_var").orElseThrow().toDoubles();
    double[] mean = raw.initializer("bn1.running_mean").orElseThrow().toDoubles();
    double[] beta = raw.initializer("bn1.bias").orElseThrow().toDoubles();
    double[] b = raw.initializer("conv1.bias").orElseThrow().toDoubles();
    double[] fw = g.initializers().get("conv1.weight").data(), fb = g.initializers().get("conv1.bias").data();
    for (int c = 0; c < 16; c++) {
      double s = gamma[c] / Math.sqrt(var[c] + 1e-5);
      for (int k = 0; k < 9; k++) assertEquals(w[c * 9 + k] * s, fw[c * 9 + k], 1e-6);
      assertEquals((b[c] - mean[c]) * s + beta[c], fb[c], 1e-6);
    }
  }

  private static BadInputException rejects(OnnxModel m) {
    return assertThrows(BadInputException.class, () -> Compiler.standard().validating().load(new ModelSource.Onnx(m, "model.onnx")));
  }

  @Test
  void unsupportedOpIsNamedWithTheSupportedList() {
    BadInputException e = assertThrows(BadInputException.class, () -> Compiler.standard().validating().load(ModelSource.onnx(Fixtures.model("unsupported_op"))));
    assertTrue(e.getMessage().contains("node '/Erf' (Erf) is not supported by insitu; supported ops: "), e.getMessage());
    assertTrue(e.getMessage().contains("unsupported_op.onnx"), e.getMessage());
    assertTrue(e.getMessage().contains("Conv"), e.getMessage());
  }

  @Test
  void truncatedAndNonOnnxFilesAreBadInput(@TempDir Path dir) throws IOException {
    byte[] full = Files.readAllBytes(Fixtures.model("paper_cnn"));
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(full, full.length / 2));
    BadInputException e = assertThrows(BadInputException.class, () -> Compiler.standard().validating().load(ModelSource.onnx(cut)));
    assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    Path png = dir.resolve("image.onnx");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    e = assertThrows(BadInputException.class, () -> Compiler.standard().validating().load(ModelSource.onnx(png)));
    assertTrue(e.getMessage().contains("PNG") && e.getMessage().contains("not an ONNX model"), e.getMessage());
    Path missing = dir.resolve("missing.onnx");
    e = assertThrows(BadInputException.class, () -> Compiler.standard().validating().load(ModelSource.onnx(missing)));
    assertTrue(e.getMessage().contains("missing.onnx"), e.getMessage());
  }

  @Test
  void loopIsRejectedWithTheUnrollHint() {
    OnnxGraph body = new OnnxModelBuilder("body").graph();
    OnnxModel m = new OnnxModelBuilder("loop").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .longs("trip", new long[0], 3)
        .node("Loop", "/rnn/Loop", List.of("trip", "", "x"), List.of("y"), attr("body", body)).build();
    String msg = rejects(m).getMessage();
    assertTrue(msg.startsWith("model.onnx: node '/rnn/Loop' (Loop)"), msg);
    assertTrue(msg.contains("export with a fixed sequence length so PyTorch unrolls the loop"), msg);
  }

  @Test
  void groupedConvolutionRunsOneConvPerGroupEachWithItsOwnBlock() {
    OnnxModel m = new OnnxModelBuilder("dw").input("x", OnnxDataType.FLOAT, -1, 2, 4, 4).output("y")
        .floats("W", new long[] {2, 1, 3, 3}, ramp(18))
        .node("Conv", "/dw/Conv", List.of("x", "W"), List.of("y"), attr("group", 2L)).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    assertEquals(List.of("Split", "Conv", "Conv", "Concat"), g.nodes().stream().map(n -> n.op().type()).toList(), g.dump());
    assertEquals(java.util.Set.of("W/group0of2", "W/group1of2"), g.crossbarWeights());
    float[] w = ramp(18);
    for (int k = 0; k < 9; k++) assertEquals(w[9 + k], g.initializers().get("W/group1of2").data()[k], 0);
  }

  @Test
  void threeDimensionalConvolutionIsRefusedNamingTheNode() {
    OnnxModel m = new OnnxModelBuilder("c3").input("x", OnnxDataType.FLOAT, -1, 1, 3, 3, 3).output("y")
        .floats("W", new long[] {1, 1, 2, 2, 2}, ramp(8))
        .node("Conv", "/c3", List.of("x", "W"), List.of("y")).build();
    String msg = rejects(m).getMessage();
    assertTrue(msg.contains("node '/c3' (Conv): 3-D Conv is not supported"), msg);
  }

  @Test
  void matMulWithTheWeightFirstIsRejected() {
    OnnxModel m = new OnnxModelBuilder("wx").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .floats("W", new long[] {3, 4}, ramp(12))
        .node("Transpose", "/t", List.of("x"), List.of("xt"), attr("perm", new long[] {1, 0}))
        .node("MatMul", "/mm", List.of("W", "xt"), List.of("y")).build();
    String msg = rejects(m).getMessage();
    assertTrue(msg.contains("node '/mm' (MatMul)") && msg.contains("first operand"), msg);
  }

  @Test
  void twoUsedInputsAreRejectedNamingThem() {
    OnnxModel m = new OnnxModelBuilder("two").input("a", OnnxDataType.FLOAT, -1, 4).input("b", OnnxDataType.FLOAT, -1, 4)
        .output("y").node("Add", "/add", List.of("a", "b"), List.of("y")).build();
    String msg = rejects(m).getMessage();
    assertTrue(msg.contains("2 inputs (a, b)"), msg);
  }

  @Test
  void anInputUsedOnlyForItsShapeFoldsAway() {
    OnnxModel m = new OnnxModelBuilder("shape_only").input("x", OnnxDataType.FLOAT, -1, 4)
        .input("ref", OnnxDataType.FLOAT, -1, 4).output("y").floats("W", new long[] {4, 2}, ramp(8))
        .longs("one", new long[0], 1)
        .node("Shape", "", List.of("ref"), List.of("s"))
        .node("Gather", "", List.of("s", "one"), List.of("four"), attr("axis", 0L))
        .node("MatMul", "/mm", List.of("x", "W"), List.of("y")).build();
    assertEquals("x", Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx")).input().name());
  }

  @Test
  void integerInputIsRejected() {
    OnnxModel m = new OnnxModelBuilder("ids").input("ids", OnnxDataType.INT64, -1, 4).output("y")
        .node("Relu", "/r", List.of("ids"), List.of("y")).build();
    assertTrue(rejects(m).getMessage().contains("input 'ids' is INT64"));
  }

  @Test
  void oldOpsetAndCustomDomainsAreRejected() {
    OnnxModel old = shapeSubgraphModel().opset(8).build();
    assertTrue(rejects(old).getMessage().contains("opset 8 is not supported; insitu reads opsets 9 to 21"));
    OnnxModel future = shapeSubgraphModel().opset(22).build();
    assertTrue(rejects(future).getMessage().contains("opset 22"));
    OnnxModel custom = new OnnxModelBuilder("ms").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .node("com.microsoft", "Gelu", "/gelu", List.of("x"), List.of("y")).build();
    assertTrue(rejects(custom).getMessage().contains("domain 'com.microsoft'"));
  }

  @Test
  void batchNormThatCannotBeFoldedRunsDigitally() {
    float[] ones = {1, 1}, zeros = {0, 0};
    OnnxModel m = new OnnxModelBuilder("bn").input("x", OnnxDataType.FLOAT, -1, 2, 4, 4).output("y")
        .floats("g", new long[] {2}, ones).floats("b", new long[] {2}, zeros).floats("m", new long[] {2}, zeros)
        .floats("v", new long[] {2}, ones)
        .node("Relu", "/relu", List.of("x"), List.of("r"))
        .node("BatchNormalization", "/bn", List.of("r", "g", "b", "m", "v"), List.of("y")).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    assertTrue(g.nodes().get(1).op() instanceof Op.BatchNormalization, g.dump());
  }

  @Test
  void batchNormAfterGemmFoldsWithTransposedWeight() {
    // Gemm transB=0 keeps W as [in, out]: the BatchNorm scale applies to columns.
    OnnxModel m = new OnnxModelBuilder("bn_gemm").input("x", OnnxDataType.FLOAT, -1, 3).output("y")
        .floats("W", new long[] {3, 2}, 1, 2, 3, 4, 5, 6).floats("c", new long[] {2}, 1, 1)
        .floats("g", new long[] {2}, 2, 3).floats("b", new long[] {2}, 0.5f, 0).floats("m", new long[] {2}, 1, 0)
        .floats("v", new long[] {2}, 1, 1)
        .node("Gemm", "/fc", List.of("x", "W", "c"), List.of("h"), attr("beta", 2f))
        .node("BatchNormalization", "/bn", List.of("h", "g", "b", "m", "v"), List.of("y"), attr("epsilon", 0f)).build();
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m, "m.onnx"));
    assertArrayEquals(new double[] {2, 6, 6, 12, 10, 18}, g.initializers().get("W").data(), 1e-9);
    // bias' = s·(beta·c − mean) + bnBias = {2·(2−1)+0.5, 3·(2−0)} and beta becomes 1.
    assertArrayEquals(new double[] {2.5, 6}, g.initializers().get("c").data(), 1e-9);
    assertEquals(1.0, ((Op.Gemm) only(g, Op.Gemm.class).op()).beta());
  }
}
