package insitu.compiler.pass;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static insitu.compiler.pass.Units.only;
import static insitu.compiler.pass.Units.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.errors.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldBatchNormTest {
  private static Graph fold(OnnxModelBuilder m) {
    return Units.run(Units.lowered(m), new FoldBatchNorm(), new PruneUnused()).graph();
  }

  private static OnnxModelBuilder stats(OnnxModelBuilder b, float[] gamma, float[] beta, float[] mean, float[] var) {
    return b.floats("g", new long[] {gamma.length}, gamma).floats("be", new long[] {beta.length}, beta)
        .floats("m", new long[] {mean.length}, mean).floats("v", new long[] {var.length}, var);
  }

  @Test void aConvWithoutBiasGetsTheFoldedBiasRightAfterItsWeight() {
    // Two 1x1 output channels: s = gamma / sqrt(var + eps), W' = s·W, b' = beta − s·mean (eps 0).
    float[] w = ramp(8);
    OnnxModelBuilder m = stats(new OnnxModelBuilder("conv_bn").input("x", OnnxDataType.FLOAT, -1, 4, 3, 3).output("y")
        .floats("W", new long[] {2, 4, 1, 1}, w), new float[] {2, 3}, new float[] {0.5f, -1}, new float[] {1, -2}, new float[] {4, 9})
        .floats("later", new long[] {1}, 1)
        .node("Conv", "/conv", List.of("x", "W"), List.of("c"))
        .node("BatchNormalization", "/bn", List.of("c", "g", "be", "m", "v"), List.of("bn"), attr("epsilon", 0f))
        .node("Add", "/add", List.of("bn", "later"), List.of("y"));
    Graph g = fold(m);
    Node conv = only(g, Op.Conv.class);
    assertEquals(List.of("x", "W", "bn/folded_bias"), conv.inputs());
    assertEquals(List.of("bn"), conv.outputs());
    assertEquals("/conv", conv.name());
    assertEquals(List.of("W", "bn/folded_bias", "later"), List.copyOf(g.initializers().keySet()));
    double[] s = {2 / 2.0, 3 / 3.0};
    double[] want = new double[8];
    for (int k = 0; k < 8; k++) want[k] = (double) w[k] * s[k / 4];
    assertArrayEquals(want, g.initializers().get("W").data(), 1e-12);
    assertArrayEquals(new double[] {0.5 - 1 * 1, -1 - 1 * -2}, g.initializers().get("bn/folded_bias").data(), 1e-12);
    assertTrue(g.nodes().stream().noneMatch(n -> n.op() instanceof Op.BatchNormalization), g.dump());
  }

  @Test void afterAGemmWithTheWeightAsInputsByOutputsTheScaleAppliesToColumns() {
    // Gemm transB=0 keeps W as [in, out]; bias' = s·(beta_gemm·c − mean) + bnBias, and beta becomes 1.
    OnnxModelBuilder m = stats(new OnnxModelBuilder("bn_gemm").input("x", OnnxDataType.FLOAT, -1, 3).output("y")
        .floats("W", new long[] {3, 2}, 1, 2, 3, 4, 5, 6).floats("c", new long[] {2}, 1, 1),
        new float[] {2, 3}, new float[] {0.5f, 0}, new float[] {1, 0}, new float[] {1, 1})
        .node("Gemm", "/fc", List.of("x", "W", "c"), List.of("h"), attr("beta", 2f))
        .node("BatchNormalization", "/bn", List.of("h", "g", "be", "m", "v"), List.of("y"), attr("epsilon", 0f));
    Graph g = fold(m);
    assertArrayEquals(new double[] {2, 6, 6, 12, 10, 18}, g.initializers().get("W").data(), 1e-9);
    assertArrayEquals(new double[] {2.5, 6}, g.initializers().get("c").data(), 1e-9);
    assertEquals(1.0, ((Op.Gemm) only(g, Op.Gemm.class).op()).beta());
  }

  @Test void aBatchNormAfterAnythingButConvOrGemmStaysToRunDigitally() {
    float[] ones = {1, 1}, zeros = {0, 0};
    OnnxModelBuilder m = stats(new OnnxModelBuilder("bn").input("x", OnnxDataType.FLOAT, -1, 2, 4, 4).output("y"), ones, zeros, zeros, ones)
        .node("Relu", "/relu", List.of("x"), List.of("r"))
        .node("BatchNormalization", "/bn", List.of("r", "g", "be", "m", "v"), List.of("y"));
    Graph g = fold(m);
    assertEquals(List.of("Relu", "BatchNormalization"), g.nodes().stream().map(n -> n.op().type()).toList());
  }

  @Test void aConvWhoseOutputAlsoFeedsAnotherNodeIsNotFolded() {
    float[] ones = {1, 1}, zeros = {0, 0};
    OnnxModelBuilder m = stats(new OnnxModelBuilder("bn_shared").input("x", OnnxDataType.FLOAT, -1, 1, 4, 4).output("y").output("z")
        .floats("W", new long[] {2, 1, 1, 1}, 1, 2), ones, zeros, zeros, ones)
        .node("Conv", "/conv", List.of("x", "W"), List.of("c"))
        .node("BatchNormalization", "/bn", List.of("c", "g", "be", "m", "v"), List.of("y"))
        .node("Relu", "/relu", List.of("c"), List.of("z"));
    Graph g = fold(m);
    assertArrayEquals(new double[] {1, 2}, g.initializers().get("W").data(), 0, "the shared Conv keeps its weight");
    assertEquals(List.of("Conv", "BatchNormalization", "Relu"), g.nodes().stream().map(n -> n.op().type()).toList());
  }
}
