package insitu.compiler.pass;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static insitu.compiler.pass.Units.only;
import static insitu.compiler.pass.Units.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxImporterTest;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.errors.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluateConstantsTest {
  private static CompileUnit evaluate(OnnxModelBuilder m) {
    return Units.run(Units.imported(m), new EvaluateConstants());
  }

  /** h0 = ConstantOfShape([batch, 3, 4, 4]) of zeros, as PyTorch exports a ConvLSTM's initial state. */
  private static OnnxModelBuilder zeroState(OnnxModelBuilder b) {
    return b.longs("zero", new long[0], 0).longs("axes0", new long[] {1}, 0).longs("chw", new long[] {3}, 3, 4, 4)
        .node("Shape", "/shape", List.of("x"), List.of("s"))
        .node("Gather", "/batch", List.of("s", "zero"), List.of("n"), attr("axis", 0L))
        .node("Unsqueeze", "/n1", List.of("n", "axes0"), List.of("n1"))
        .node("Concat", "/h0shape", List.of("n1", "chw"), List.of("h0shape"), attr("axis", 0L))
        .node("ConstantOfShape", "/h0", List.of("h0shape"), List.of("h0"));
  }

  @Test void aConvOfAZeroStateBuiltFromTheBatchSizeFoldsToItsBias() {
    // y = Conv(x, Wx) + Conv(h0, Wh, bh): the h-convolution of zeros is bh in every pixel, whatever Wh.
    float[] bias = {0.5f, -1.25f};
    OnnxModelBuilder m = zeroState(new OnnxModelBuilder("convlstm_h0").input("x", OnnxDataType.FLOAT, -1, 3, 4, 4).output("y")
        .floats("Wx", new long[] {2, 3, 3, 3}, ramp(54)).floats("Wh", new long[] {2, 3, 3, 3}, ramp(54)).floats("bh", new long[] {2}, bias))
        .node("Conv", "/xconv", List.of("x", "Wx"), List.of("xc"), attr("pads", new long[] {1, 1, 1, 1}))
        .node("Conv", "/hconv", List.of("h0", "Wh", "bh"), List.of("hc"), attr("pads", new long[] {1, 1, 1, 1}))
        .node("Add", "/add", List.of("xc", "hc"), List.of("y"));
    Graph g = Units.run(Units.imported(m), new EvaluateConstants(), new PruneUnused()).graph();
    assertEquals("/xconv", only(g, Op.Conv.class).name(), g.dump());
    Node add = g.nodes().stream().filter(n -> n.name().equals("/add")).findFirst().orElseThrow();
    assertTrue(add.input(1).startsWith("hc/batch_broadcast"), g.dump());
    Tensor slice = g.initializers().get("hc/batch_broadcast_value");
    assertArrayEquals(new int[] {1, 2, 4, 4}, slice.shape());
    for (int k = 0; k < slice.size(); k++) assertEquals(bias[k / 16], slice.data()[k], 0, "pixel " + k);
  }

  @Test void shapeArithmeticOnTheBatchBecomesAReshapeThatCopiesTheBatchDim() {
    OnnxModelBuilder m = OnnxImporterTest.shapeSubgraphModel();
    CompileUnit u = evaluate(m);
    assertEquals(CompileUnit.Stage.LOWERED, u.stage());
    assertEquals(List.of("/Reshape", "/MatMul"), u.graph().nodes().stream().map(Node::name).toList());
    assertArrayEquals(new long[] {0, 64}, ((Op.Reshape) only(u.graph(), Op.Reshape.class).op()).shape());
    assertEquals(List.of("W"), List.copyOf(u.graph().initializers().keySet()));
    assertTrue(u.graph().nodes().stream().noneMatch(n -> n.op() instanceof Op.Unresolved || n.op() instanceof Op.Constant));
  }

  @Test void aProductOfConstantsFoldsAndTheRuntimeReadsItAsAConstant() {
    // y = x + A·B with A [1,2] = (1, 2), B [2,2] = ((3, 4), (5, 6)): A·B = (13, 16).
    OnnxModelBuilder m = new OnnxModelBuilder("folded_product").input("x", OnnxDataType.FLOAT, -1, 2).output("y")
        .floats("A", new long[] {1, 2}, 1, 2).floats("B", new long[] {2, 2}, 3, 4, 5, 6)
        .node("MatMul", "/ab", List.of("A", "B"), List.of("ab"))
        .node("Add", "/add", List.of("x", "ab"), List.of("y"));
    Graph g = evaluate(m).graph();
    assertEquals(1, g.nodes().size(), g.dump());
    assertArrayEquals(new double[] {13, 16}, g.initializers().get("ab").data());
  }

  @Test void integerShapeArithmeticDividesByTruncation() {
    // Reshape x [N, 6] to [-1, 7 / 2]: the target is [-1, 3] only if integer division truncates.
    OnnxModelBuilder m = new OnnxModelBuilder("div").input("x", OnnxDataType.FLOAT, -1, 6).output("y")
        .longs("seven", new long[] {1}, 7).longs("two", new long[] {1}, 2).longs("minus1", new long[] {1}, -1)
        .node("Div", "/div", List.of("seven", "two"), List.of("three"))
        .node("Concat", "/target", List.of("minus1", "three"), List.of("target"), attr("axis", 0L))
        .node("Reshape", "/r", List.of("x", "target"), List.of("y"));
    assertArrayEquals(new long[] {-1, 3}, ((Op.Reshape) only(evaluate(m).graph(), Op.Reshape.class).op()).shape());
  }

  @Test void constantsOfAGraphBuiltInJavaKeepTheirOrder() {
    Graph g = PaperModels.convLstm(2);
    Graph lowered = Units.run(CompileUnit.lowered("paper-convlstm", g), new EvaluateConstants()).graph();
    assertEquals(List.copyOf(g.initializers().keySet()), List.copyOf(lowered.initializers().keySet()));
    assertEquals(g.nodes(), lowered.nodes());
    for (String k : g.initializers().keySet()) assertSame(g.initializers().get(k), lowered.initializers().get(k), k);
  }

  @Test void aWeightComputedAtRunTimeIsRefusedNamingTheNode() {
    OnnxModelBuilder m = new OnnxModelBuilder("dyn_w").input("x", OnnxDataType.FLOAT, -1, 4).output("y")
        .node("Transpose", "/t", List.of("x"), List.of("xt"), attr("perm", new long[] {1, 0}))
        .node("Gemm", "/fc", List.of("x", "xt"), List.of("y"));
    String msg = assertThrows(BadInputException.class, () -> evaluate(m)).getMessage();
    assertTrue(msg.startsWith("m.onnx: node '/fc' (Gemm): its weight 'xt' is computed at run time"), msg);
    assertEquals(1, msg.lines().count());
  }

  @Test void anOutputThatDoesNotDependOnTheInputIsRefused() {
    OnnxModelBuilder m = new OnnxModelBuilder("const_out").input("x", OnnxDataType.FLOAT, -1, 4).output("y").output("c")
        .floats("k", new long[] {2}, 1, 2)
        .node("Relu", "/r", List.of("x"), List.of("y"))
        .node("Relu", "/c", List.of("k"), List.of("c"));
    String msg = assertThrows(BadInputException.class, () -> evaluate(m)).getMessage();
    assertTrue(msg.contains("graph output 'c' is a constant that does not depend on the input"), msg);
  }

  @Test void aResolverRefusalNamesTheNodeAndItsAttribute() {
    OnnxModelBuilder m = new OnnxModelBuilder("pool").input("x", OnnxDataType.FLOAT, -1, 1, 5, 5).output("y")
        .node("MaxPool", "/pool", List.of("x"), List.of("y"), attr("kernel_shape", new long[] {2, 2}), attr("strides", new long[] {2, 0}));
    String msg = assertThrows(BadInputException.class, () -> evaluate(m)).getMessage();
    assertTrue(msg.startsWith("m.onnx: node '/pool' (MaxPool): attribute strides [2, 0]"), msg);
    assertEquals(1, msg.lines().count());
  }

  @Test void anExpansionIsEvaluatedNodeByNodeInPlaceOfItsNode() {
    // A three-input sum with no IR op of its own, as Add(Add(x, k), x).
    Resolver sum = c -> {
      String partial = c.fresh("sum/partial");
      return new Resolver.Expanded(List.of(
          new Node(c.fresh("sum/add0"), new Op.Add(), List.of(c.input(0), c.input(1)), List.of(partial)),
          new Node(c.fresh("sum/add1"), new Op.Add(), List.of(partial, c.input(2)), List.of(c.output(0)))));
    };
    Graph imported = new Graph("sum", List.of(new ValueInfo("x", new int[] {-1, 2})), Map.of(), List.of(
        new Node("k", new Op.Constant(new Tensor(new int[] {2}, new double[] {1, 2})), List.of(), List.of("k")),
        new Node("sum", new Op.Unresolved("Sum", sum), List.of("x", "k", "x"), List.of("y"))), List.of("y"));
    Graph g = Units.run(CompileUnit.imported("sum", imported), new EvaluateConstants()).graph();
    assertEquals(List.of(new Node("sum/add0", new Op.Add(), List.of("x", "k"), List.of("sum/partial")),
        new Node("sum/add1", new Op.Add(), List.of("sum/partial", "x"), List.of("y"))), g.nodes());
    assertArrayEquals(new double[] {1, 2}, g.initializers().get("k").data());
  }
}
