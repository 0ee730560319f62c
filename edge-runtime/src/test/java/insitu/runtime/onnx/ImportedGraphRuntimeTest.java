package insitu.runtime.onnx;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.compiler.onnx.OnnxTensor;
import insitu.errors.BadInputException;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.Predictor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Imported graphs whose shape subgraphs were folded run for any batch size. */
class ImportedGraphRuntimeTest {

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int k = 0; k < n; k++) v[k] = (k % 7 - 3) * 0.1f;
    return v;
  }

  private static double[] input(int n) {
    double[] x = new double[n];
    for (int k = 0; k < n; k++) x[k] = Math.sin(k * 0.37);
    return x;
  }

  private static GraphExecutor executor(Graph g) {
    return ImportedFixturesTest.deploy(g).executor();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7})
  void shapeGatherUnsqueezeConcatReshapeRunsForAnyBatch(int batch) {
    // x[N,4,4,4] → Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [64])) → MatMul(·, W[64,3])
    float[] w = ramp(192);
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(new OnnxModelBuilder("shape_subgraph")
        .input("x", OnnxDataType.FLOAT, -1, 4, 4, 4).output("y")
        .floats("W", new long[] {64, 3}, w)
        .longs("zero", new long[0], 0).longs("axes0", new long[] {1}, 0).longs("sixtyfour", new long[] {1}, 64)
        .node("Shape", "/Shape", List.of("x"), List.of("s"))
        .node("Gather", "/Gather", List.of("s", "zero"), List.of("b"), attr("axis", 0L))
        .node("Unsqueeze", "/Unsqueeze", List.of("b", "axes0"), List.of("b1"))
        .node("Concat", "/Concat", List.of("b1", "sixtyfour"), List.of("target"), attr("axis", 0L))
        .node("Reshape", "/Reshape", List.of("x", "target"), List.of("r"))
        .node("MatMul", "/MatMul", List.of("r", "W"), List.of("y")).build(), "m.onnx"));
    double[] x = input(batch * 64);
    NDArray y = executor(g).forward(new NDArray(new int[] {batch, 4, 4, 4}, x));
    assertArrayEquals(new int[] {batch, 3}, y.shape());
    for (int n = 0; n < batch; n++)
      for (int o = 0; o < 3; o++) {
        double e = 0;
        for (int i = 0; i < 64; i++) e += x[n * 64 + i] * w[i * 3 + o];
        assertEquals(e, y.data()[n * 3 + o], 1e-9);
      }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7})
  void batchSizedConstantOfShapeConcatenatesForAnyBatch(int batch) {
    // h0 = ConstantOfShape([N, 2], 0.5); y = Gemm(Concat(x, h0), W) — the unrolled-LSTM h0 pattern.
    float[] w = ramp(10);
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(new OnnxModelBuilder("h0").input("x", OnnxDataType.FLOAT, -1, 3).output("y")
        .floats("W", new long[] {5, 2}, w).longs("zero", new long[0], 0).longs("axes0", new long[] {1}, 0)
        .longs("two", new long[] {1}, 2)
        .node("Shape", "", List.of("x"), List.of("s"))
        .node("Gather", "", List.of("s", "zero"), List.of("n"), attr("axis", 0L))
        .node("Unsqueeze", "", List.of("n", "axes0"), List.of("n1"))
        .node("Concat", "", List.of("n1", "two"), List.of("shape"), attr("axis", 0L))
        .node("ConstantOfShape", "/h0", List.of("shape"), List.of("h0"),
            attr("value", OnnxTensor.ofFloats("v", new long[] {1}, new float[] {0.5f})))
        .node("Concat", "/cat", List.of("x", "h0"), List.of("xh"), attr("axis", 1L))
        .node("Gemm", "fc", List.of("xh", "W"), List.of("y")).build(), "m.onnx"));
    double[] x = input(batch * 3);
    NDArray y = executor(g).forward(new NDArray(new int[] {batch, 3}, x));
    assertArrayEquals(new int[] {batch, 2}, y.shape());
    for (int n = 0; n < batch; n++)
      for (int o = 0; o < 2; o++) {
        double e = 0.5 * (w[3 * 2 + o] + w[4 * 2 + o]);
        for (int i = 0; i < 3; i++) e += x[n * 3 + i] * w[i * 2 + o];
        assertEquals(e, y.data()[n * 2 + o], 1e-6);
      }
  }

  @Test
  void wrongInputShapeAtRunTimeIsBadInput() throws IOException {
    GraphExecutor ex = executor(Compiler.standard().validating().load(ModelSource.onnx(Fixture.model("paper_cnn"))));
    Fixture.Npy x28 = Fixture.npy("mnist28_cnn_x.npy");
    BadInputException e = assertThrows(BadInputException.class,
        () -> new Predictor(ex, 100).outputs(java.util.Arrays.copyOf(x28.values(), 10 * 784), 10, x28.sampleShape()));
    assertTrue(e.getMessage().contains("[1, 8, 8]") && e.getMessage().contains("1, 28, 28]"), e.getMessage());
  }

  @Test
  void nanInTheInputIsBadInput() {
    GraphExecutor ex = executor(Compiler.standard().validating().load(ModelSource.onnx(Fixture.model("paper_cnn"))));
    double[] x = new double[2 * 64];
    x[70] = Double.NaN;
    BadInputException e = assertThrows(BadInputException.class, () -> ex.forward(new NDArray(new int[] {2, 1, 8, 8}, x)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void autoScaleKeepsLargeWeightsInsideTheConductanceWindow() {
    // |w| up to 9: at 100 µS per weight the pair would leave the 0.5–2.5 V gate range and clamp.
    float[] w = new float[12];
    for (int k = 0; k < w.length; k++) w[k] = (k - 5.5f) * 1.6f;
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(new OnnxModelBuilder("big").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .floats("W", new long[] {3, 4}, w).node("Gemm", "fc", List.of("x", "W"), List.of("y"), attr("transB", 1L)).build(), "m.onnx"));
    insitu.runtime.Deployment d = ImportedFixturesTest.deploy(g);
    double spw = d.placement().block("W").siemensPerWeight();
    assertEquals(290e-6 / 8.8, spw, 1e-12);
    double[] x = input(4);
    NDArray y = d.executor().forward(new NDArray(new int[] {1, 4}, x));
    for (int o = 0; o < 3; o++) {
      double e = 0;
      for (int i = 0; i < 4; i++) e += x[i] * w[o * 4 + i];
      assertEquals(e, y.data()[o], 1e-6 * 9);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void aConvOfAZeroStateBuiltFromTheBatchSizeRunsAsItsBias(int batch) {
    // y = Conv1x1(x, Wx) + Conv3x3(h0, Wh, bh), h0 = zeros [N, 2, 3, 3] from Shape(x), as a PyTorch ConvLSTM's
    // first step: the h-convolution of zeros is bh, so y[n, c, p] = Wx[c]·x[n, 0, p] + bh[c].
    float[] wx = {0.5f, -2}, bh = {0.25f, -0.75f};
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(new OnnxModelBuilder("conv_h0")
        .input("x", OnnxDataType.FLOAT, -1, 1, 3, 3).output("y")
        .floats("Wx", new long[] {2, 1, 1, 1}, wx).floats("Wh", new long[] {2, 2, 3, 3}, ramp(36)).floats("bh", new long[] {2}, bh)
        .longs("zero", new long[0], 0).longs("axes0", new long[] {1}, 0).longs("chw", new long[] {3}, 2, 3, 3)
        .node("Shape", "", List.of("x"), List.of("s"))
        .node("Gather", "", List.of("s", "zero"), List.of("n"), attr("axis", 0L))
        .node("Unsqueeze", "", List.of("n", "axes0"), List.of("n1"))
        .node("Concat", "", List.of("n1", "chw"), List.of("shape"), attr("axis", 0L))
        .node("ConstantOfShape", "/h0", List.of("shape"), List.of("h0"))
        .node("Conv", "/xconv", List.of("x", "Wx"), List.of("xc"))
        .node("Conv", "/hconv", List.of("h0", "Wh", "bh"), List.of("hc"), attr("pads", new long[] {1, 1, 1, 1}))
        .node("Add", "/add", List.of("xc", "hc"), List.of("y")).build(), "m.onnx"));
    double[] x = input(batch * 9);
    NDArray y = executor(g).forward(new NDArray(new int[] {batch, 1, 3, 3}, x));
    assertArrayEquals(new int[] {batch, 2, 3, 3}, y.shape());
    for (int n = 0; n < batch; n++)
      for (int c = 0; c < 2; c++)
        for (int p = 0; p < 9; p++) assertEquals(wx[c] * x[n * 9 + p] + bh[c], y.data()[(n * 2 + c) * 9 + p], 1e-9);
  }
}
