package insitu.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.builder.PaperModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {
  private static final ValueInfo X = new ValueInfo("x", new int[] {-1, 3});

  private static Graph graph(Map<String, Tensor> inits, List<Node> nodes, String... outputs) {
    return new Graph("g", List.of(X), inits, nodes, List.of(outputs));
  }

  @Test void theBuiltInModelsAreValidLoweredGraphs() {
    assertEquals(List.of(), GraphValidator.problems(PaperModels.cnn(1), true));
    assertEquals(List.of(), GraphValidator.problems(PaperModels.convLstm(1), true));
  }

  @Test void findsValuesReadBeforeTheyAreDefinedOrDefinedTwice() {
    List<String> p = GraphValidator.problems(graph(Map.of(), List.of(
        new Node("a", new Op.Relu(), List.of("h"), List.of("y")),
        new Node("b", new Op.Relu(), List.of("x"), List.of("h")),
        new Node("b", new Op.Relu(), List.of("x"), List.of("h"))), "y", "nowhere"), false);
    assertTrue(p.contains("node 'a' reads 'h' before it is defined"), p.toString());
    assertTrue(p.contains("node name 'b' is empty or repeated"), p.toString());
    assertTrue(p.contains("'h' (output of node 'b') is defined twice"), p.toString());
    assertTrue(p.contains("graph output 'nowhere' is not defined"), p.toString());
  }

  @Test void aLoweredGraphHoldsNoCompileTimeOpAndReadsItsWeightsAsConstants() {
    Map<String, Tensor> inits = new LinkedHashMap<>();
    inits.put("shape", Tensor.ofLongs(0, 3));
    Graph g = graph(inits, List.of(
        new Node("w", new Op.Constant(new Tensor(new int[] {2, 3}, new double[6])), List.of(), List.of("wv")),
        new Node("fc", new Op.Gemm(1, 1, false, true), List.of("x", "wv"), List.of("y"))), "y");
    assertEquals(List.of(), GraphValidator.problems(g, false));
    List<String> p = GraphValidator.problems(g, true);
    assertTrue(p.contains("node 'w' is a compile-time Constant in a lowered graph"), p.toString());
    assertTrue(p.contains("node 'fc': its weight 'wv' is not a constant"), p.toString());
    assertTrue(p.contains("constant 'shape' is an integer tensor in a lowered graph"), p.toString());
  }
}
