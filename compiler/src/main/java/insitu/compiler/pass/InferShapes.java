package insitu.compiler.pass;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.ValueInfo;
import insitu.compiler.ir.ValueShapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph as the runtime will run it: exactly one input, and every value's shape at a symbolic
 * batch size (shapes at two batch sizes compared; a dim that differs follows the batch and is -1).
 * A node whose inputs do not fit its op (a Java-built graph with a wrong layer size) is refused
 * here, naming it, rather than deep inside the first forward pass.
 */
public final class InferShapes implements Pass {

  @Override public CompileUnit run(CompileUnit unit) {
    Graph g = unit.graph();
    if (g.inputs().isEmpty()) throw unit.error("the outputs do not depend on any graph input");
    if (g.inputs().size() > 1)
      throw unit.error("the model reads " + g.inputs().size() + " inputs ("
          + String.join(", ", g.inputs().stream().map(ValueInfo::name).toList()) + "); insitu runs models with exactly one input");
    List<Map<String, int[]>> traces = new ArrayList<>();
    for (int batch : Traces.BATCHES) {
      Map<String, int[]> s = new HashMap<>();
      int[] in = g.input().shape();
      in[0] = batch;
      s.put(g.input().name(), in);
      g.initializers().forEach((k, v) -> s.put(k, v.shape()));
      for (Node n : g.nodes()) {
        List<int[]> ins = new ArrayList<>();
        for (String i : n.inputs()) ins.add(s.get(i));
        List<int[]> out;
        try {
          out = OpShapes.infer(n.op(), ins);
        } catch (IllegalArgumentException e) {
          throw unit.error(n, e.getMessage());
        }
        if (out.size() != n.outputs().size())
          throw unit.error(n, "has " + n.outputs().size() + " outputs where " + n.op().type() + " gives " + out.size());
        for (int k = 0; k < out.size(); k++) s.put(n.output(k), out.get(k));
      }
      traces.add(s);
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put(g.input().name(), g.input().shape());
    for (Node n : g.nodes())
      for (String o : n.outputs()) {
        int[] a = traces.get(0).get(o), b = traces.get(1).get(o);
        if (a.length != b.length) throw unit.error(n, "the rank of '" + o + "' depends on the batch size");
        int[] s = a.clone();
        for (int d = 0; d < s.length; d++) if (a[d] != b[d]) s[d] = -1;
        shapes.put(o, s);
      }
    return unit.withShapes(new ValueShapes(shapes));
  }
}
