package insitu.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.GraphValidator;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.onnx.OnnxImporter;
import insitu.compiler.onnx.OnnxModelBuilder;
import java.util.List;

/** Small graphs for the pass tests: ONNX models imported as the pipeline sees them, and lookups. */
final class Units {
  private Units() {}

  static CompileUnit imported(OnnxModelBuilder m) {
    return CompileUnit.imported("m.onnx", OnnxImporter.importGraph(m.build(), "m.onnx"));
  }

  /** Runs the passes one by one, checking the IR after each (as a validating pipeline does). */
  static CompileUnit run(CompileUnit u, Pass... passes) {
    return PassPipeline.of(passes).validating().run(u);
  }

  /** What the graph passes before {@code pass} leave, so a test sees exactly the input its pass gets. */
  static CompileUnit lowered(OnnxModelBuilder m) {
    return run(imported(m), new EvaluateConstants(), new PruneUnused());
  }

  static List<Node> nodes(Graph g, Class<? extends Op> type) {
    return g.nodes().stream().filter(n -> type.isInstance(n.op())).toList();
  }

  static Node only(Graph g, Class<? extends Op> type) {
    List<Node> ns = nodes(g, type);
    assertEquals(1, ns.size(), g.dump());
    return ns.get(0);
  }

  static void assertValid(CompileUnit u) {
    assertEquals(List.of(), GraphValidator.problems(u.graph(), u.stage() == CompileUnit.Stage.LOWERED), u.dump());
  }

  static float[] ramp(int n) {
    float[] v = new float[n];
    for (int k = 0; k < n; k++) v[k] = (k % 7 - 3) * 0.1f;
    return v;
  }
}
