package insitu.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.builder.GraphBuilder;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import insitu.errors.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferShapesTest {
  @Test void everyValueOfTheConvLstmHasItsShapeWithTheBatchSymbolic() {
    Graph g = PaperModels.convLstm(1);
    CompileUnit u = Units.run(CompileUnit.lowered("paper-convlstm", g), new InferShapes());
    assertSame(g, u.graph());
    // Per step: 36 patches of 9 x-pixels and 2x2x5 h-values; gates [N, 36, 20]; logits [N, 6].
    String patches = g.nodes().stream().filter(n -> n.name().startsWith("patches0_")).findFirst().orElseThrow().output(0);
    assertArrayEquals(new int[] {-1, 36, 29}, u.shapes().of(patches).orElseThrow());
    for (String out : g.outputs()) assertArrayEquals(new int[] {-1, 6}, u.shapes().of(out).orElseThrow(), out);
    assertTrue(u.dump().contains("[N, 36, 20]"), u.dump());
  }

  @Test void aLayerWhoseSizesDoNotFitIsRefusedNamingIt() {
    GraphBuilder b = new GraphBuilder("x", 5);
    b.initializer("w", new Tensor(new int[] {3, 4}, new double[12]));
    b.output(b.op("fc", new Op.Gemm(1, 1, false, true), b.input(), "w"));
    String msg = assertThrows(BadInputException.class, () -> new InferShapes().run(CompileUnit.lowered("tiny", b.build("tiny")))).getMessage();
    assertTrue(msg.startsWith("tiny: node 'fc_0' (Gemm): input [2, 5] has 5 features, the weight expects 4"), msg);
  }

  @Test void aModelReadingTwoInputsIsRefusedNamingThem() {
    Graph g = new Graph("two", List.of(new ValueInfo("a", new int[] {-1, 4}), new ValueInfo("b", new int[] {-1, 4})), Map.of(),
        List.of(new insitu.compiler.ir.Node("add", new Op.Add(), List.of("a", "b"), List.of("y"))), List.of("y"));
    String msg = assertThrows(BadInputException.class, () -> new InferShapes().run(CompileUnit.lowered("m.onnx", g))).getMessage();
    assertEquals("m.onnx: the model reads 2 inputs (a, b); insitu runs models with exactly one input", msg);
  }
}
