package insitu.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneUnusedTest {
  private static Tensor vector(double... v) {
    return new Tensor(new int[] {v.length}, v);
  }

  @Test void removesDeadNodesConstantsAndInputsAndSortsWhatIsLeft() {
    Map<String, Tensor> inits = new LinkedHashMap<>();
    inits.put("unused", vector(1));
    inits.put("b", vector(1, 2));
    inits.put("dead_operand", vector(3, 4));
    List<Node> nodes = List.of(
        new Node("late", new Op.Relu(), List.of("h"), List.of("y")),
        new Node("dead", new Op.Add(), List.of("x", "dead_operand"), List.of("unused_out")),
        new Node("early", new Op.Add(), List.of("x", "b"), List.of("h")),
        new Node("shape_only", new Op.Relu(), List.of("ref"), List.of("ref_out")));
    Graph g = new Graph("g", List.of(new ValueInfo("x", new int[] {-1, 2}), new ValueInfo("ref", new int[] {-1, 2})), inits, nodes,
        List.of("y"));
    // Out of order on purpose: the validator only accepts the result.
    Graph p = new PruneUnused().run(CompileUnit.lowered("g", g)).graph();
    Units.assertValid(CompileUnit.lowered("g", p));
    assertEquals(List.of("early", "late"), p.nodes().stream().map(Node::name).toList());
    assertEquals(List.of("b"), List.copyOf(p.initializers().keySet()));
    assertEquals(List.of("x"), p.inputs().stream().map(ValueInfo::name).toList());
  }

  @Test void aGraphWithNothingToPruneIsReturnedAsItIs() {
    CompileUnit u = CompileUnit.lowered("paper-cnn", PaperModels.cnn(1));
    assertSame(u, new PruneUnused().run(u));
  }
}
