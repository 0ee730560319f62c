package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.onnx.OnnxValueInfo.Fixed;
import insitu.compiler.onnx.OnnxValueInfo.Symbolic;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxReaderFixturesTest {

  private static Map<String, Long> opCounts(OnnxModel m) {
    return m.graph().nodes().stream()
        .collect(Collectors.groupingBy(OnnxNode::opType, TreeMap::new, Collectors.counting()));
  }

  private static long weightCount(OnnxGraph g) {
    return g.initializers().stream().mapToLong(OnnxTensor::elementCount).sum();
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper_cnn", "mnist28_cnn", "convlstm", "unsupported_op"})
  void readsEveryFixtureWithOpsetAtLeast13AndSymbolicBatch(String name) {
    OnnxModel m = OnnxReader.read(Fixtures.model(name));
    assertTrue(m.irVersion() >= 7, "ir_version " + m.irVersion());
    assertTrue(m.defaultOpset() >= 13, "opset " + m.opsetImports());
    assertEquals("pytorch", m.producerName());
    OnnxValueInfo input = m.graph().inputs().get(0);
    assertEquals("input", input.name());
    assertEquals(OnnxDataType.FLOAT.code(), input.elemType());
    assertEquals(new Symbolic("batch"), input.dims().get(0));
    assertEquals(new Symbolic("batch"), m.graph().outputs().get(0).dims().get(0));
    // Every constant the exporter wrote decodes to exactly as many values as its dims promise.
    for (OnnxTensor t : m.graph().initializers()) {
      assertEquals(t.elementCount(), t.toDoubles().length, t.name());
    }
    for (OnnxNode n : m.graph().nodes()) {
      n.attribute("value").map(OnnxAttribute::t).ifPresent(t ->
          assertEquals(t.elementCount(), t.toDoubles().length, n.label()));
    }
  }

  @Test
  void paperCnnHasItsLayersThePadSubgraphAnd1015Weights() {
    OnnxModel m = OnnxReader.read(Fixtures.model("paper_cnn"));
    Map<String, Long> ops = opCounts(m);
    assertEquals(2L, ops.get("Conv"));
    for (String op : List.of("Relu", "Pad", "MaxPool", "Flatten", "MatMul", "ConstantOfShape",
        "Slice", "Transpose", "Cast")) {
      assertEquals(1L, ops.get(op), op + " in " + ops);
    }
    assertEquals(1015, weightCount(m.graph()));
    assertArrayEquals(new long[] {15, 1, 3, 3}, m.graph().initializer("conv1.weight").orElseThrow().dims());
    assertArrayEquals(new long[] {4, 15, 2, 2}, m.graph().initializer("conv2.weight").orElseThrow().dims());
    assertEquals(List.of(new Symbolic("batch"), new Fixed(1), new Fixed(8), new Fixed(8)),
        m.graph().inputs().get(0).dims());
    assertEquals(List.of(new Symbolic("batch"), new Fixed(10)), m.graph().outputs().get(0).dims());

    OnnxNode conv1 = m.graph().nodes().stream().filter(n -> n.opType().equals("Conv")).findFirst().orElseThrow();
    OnnxAttribute kernel = conv1.attribute("kernel_shape").orElseThrow();
    assertEquals(OnnxAttribute.Type.INTS, kernel.type());
    assertArrayEquals(new long[] {3, 3}, kernel.ints());
    assertArrayEquals(new long[] {1, 1, 1, 1}, conv1.attribute("pads").orElseThrow().ints());
    assertEquals(1, conv1.attribute("group").orElseThrow().i());
  }

  @Test
  void paperCnnWeightsMatchWhatPyTorchSaved() throws IOException {
    OnnxGraph g = OnnxReader.read(Fixtures.model("paper_cnn")).graph();
    Npy conv1 = Npy.read(Fixtures.path("paper_cnn_conv1_w.npy"));
    Npy conv2 = Npy.read(Fixtures.path("paper_cnn_conv2_w.npy"));
    Npy fc = Npy.read(Fixtures.path("paper_cnn_fc_w.npy"));
    assertArrayEquals(conv1.values(), g.initializer("conv1.weight").orElseThrow().toDoubles(), 0.0);
    assertArrayEquals(conv2.values(), g.initializer("conv2.weight").orElseThrow().toDoubles(), 0.0);

    // The bias-free Linear became MatMul(x, W^T): its initializer is PyTorch's [10,64] transposed.
    OnnxNode matMul = g.nodes().stream().filter(n -> n.opType().equals("MatMul")).findFirst().orElseThrow();
    OnnxTensor w = g.initializer(matMul.inputs().get(1)).orElseThrow();
    assertArrayEquals(new long[] {64, 10}, w.dims());
    assertArrayEquals(new long[] {10, 64}, fc.shape());
    double[] onnx = w.toDoubles();
    for (int out = 0; out < 10; out++) {
      for (int in = 0; in < 64; in++) {
        assertEquals(fc.values()[out * 64 + in], onnx[in * 10 + out], 0.0);
      }
    }
  }

  @Test
  void paperCnnPadGetsItsPadsFromTheShapeSubgraph() {
    OnnxGraph g = OnnxReader.read(Fixtures.model("paper_cnn")).graph();
    OnnxNode pad = g.nodes().stream().filter(n -> n.opType().equals("Pad")).findFirst().orElseThrow();
    Set<String> produced = g.nodes().stream().flatMap(n -> n.outputs().stream()).collect(Collectors.toSet());
    // The pads input is computed by nodes (Cast of the Transpose/Slice chain), not an initializer.
    assertTrue(produced.contains(pad.inputs().get(1)));
    assertTrue(g.initializer(pad.inputs().get(1)).isEmpty());
    assertEquals("constant", pad.attribute("mode").orElseThrow().s());
  }

  @Test
  void mnist28CnnKeepsBatchNormalization() {
    OnnxModel m = OnnxReader.read(Fixtures.model("mnist28_cnn"));
    Map<String, Long> ops = opCounts(m);
    assertEquals(Map.of("BatchNormalization", 1L, "Conv", 3L, "Flatten", 1L, "Gemm", 2L,
        "Relu", 2L, "Tanh", 2L), ops);
    OnnxGraph g = m.graph();
    assertArrayEquals(new long[] {64, 1568}, g.initializer("fc1.weight").orElseThrow().dims());
    assertArrayEquals(new long[] {16}, g.initializer("bn1.running_var").orElseThrow().dims());
    assertTrue(Arrays.stream(g.initializer("bn1.running_var").orElseThrow().toDoubles()).allMatch(v -> v > 0));
    long expected = 16 * 9 + 16 + 4 * 16 + 32 * 16 * 9 + 32 + 32 * 32 * 9 + 32 + 1568 * 64 + 64 + 64 * 10 + 10;
    assertEquals(expected, weightCount(g));
    assertEquals(List.of(new Symbolic("batch"), new Fixed(1), new Fixed(28), new Fixed(28)),
        g.inputs().get(0).dims());
  }

  @Test
  void convLstmUnrollsToThreeConvsSharingOneWeight() {
    OnnxGraph g = OnnxReader.read(Fixtures.model("convlstm")).graph();
    List<OnnxNode> convs = g.nodes().stream().filter(n -> n.opType().equals("Conv")).toList();
    assertEquals(3, convs.size());
    Set<String> weights = convs.stream().map(n -> n.inputs().get(1)).collect(Collectors.toSet());
    assertEquals(1, weights.size(), "shared weight: " + weights);
    assertArrayEquals(new long[] {20, 6, 3, 3}, g.initializer(weights.iterator().next()).orElseThrow().dims());
    assertEquals(4, g.initializers().size());
    Map<String, Long> ops = opCounts(OnnxReader.read(Fixtures.model("convlstm")));
    assertEquals(3L, ops.get("Split"));
    assertEquals(9L, ops.get("Sigmoid"));
    assertEquals(6L, ops.get("Tanh"));
    assertEquals(List.of(new Symbolic("batch"), new Fixed(3), new Fixed(1), new Fixed(8), new Fixed(8)),
        g.inputs().get(0).dims());
  }

  @Test
  void unsupportedOpFixtureContainsErf() {
    OnnxGraph g = OnnxReader.read(Fixtures.model("unsupported_op")).graph();
    OnnxNode erf = g.nodes().stream().filter(n -> n.opType().equals("Erf")).findFirst().orElseThrow();
    assertEquals("/Erf", erf.name());
    assertEquals("", erf.domain());
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper_cnn", "mnist28_cnn", "convlstm"})
  void referenceDataMatchesTheModelInterface(String name) throws IOException {
    OnnxGraph g = OnnxReader.read(Fixtures.model(name)).graph();
    Npy x = Npy.read(Fixtures.path(name + "_x.npy"));
    Npy y = Npy.read(Fixtures.path(name + "_y.npy"));
    Npy out = Npy.read(Fixtures.path(name + "_out.npy"));
    assertEquals("<f4", x.dtype());
    assertEquals("<i8", y.dtype());
    assertEquals(300, x.shape()[0]);
    assertArrayEquals(new long[] {300}, y.shape());
    List<OnnxValueInfo.Dim> in = g.inputs().get(0).dims();
    for (int axis = 1; axis < in.size(); axis++) {
      assertEquals(new Fixed(x.shape()[axis]), in.get(axis), "input axis " + axis);
    }
    assertEquals(new Fixed(out.shape()[1]), g.outputs().get(0).dims().get(1));
  }
}
