package insitu.compiler.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every graph between two passes must satisfy. A problem here is a compiler bug, not bad
 * input: the pass pipeline reports it with the pass that broke the graph and its dump.
 *
 * <p>Every graph: unique non-empty node names; every value (input, constant, node output) defined
 * once; nodes in dependency order, every input defined before it is read; outputs defined; inputs
 * shaped [batch, fixed dims...]. A lowered graph (what constant evaluation produces and the runtime
 * runs) also holds no compile-time op, reads only floating-point constants, and finds every input
 * that must be a constant (weights, biases, BatchNorm statistics) among its constants.
 */
public final class GraphValidator {
  private GraphValidator() {}

  /** The problems of a graph, empty when it is valid. */
  public static List<String> problems(Graph g, boolean lowered) {
    List<String> p = new ArrayList<>();
    Set<String> defined = new HashSet<>(), nodeNames = new HashSet<>();
    for (ValueInfo v : g.inputs()) {
      define(defined, v.name(), "input", p);
      int[] s = v.shape();
      if (s.length == 0 || s[0] != -1) p.add("input '" + v.name() + "' does not start with the batch dim (-1)");
      for (int d = 1; d < s.length; d++) if (s[d] < 1) p.add("input '" + v.name() + "' has dim " + d + " = " + s[d]);
    }
    for (var e : g.initializers().entrySet()) {
      define(defined, e.getKey(), "constant", p);
      if (lowered && e.getValue().integer()) p.add("constant '" + e.getKey() + "' is an integer tensor in a lowered graph");
    }
    for (Node n : g.nodes()) {
      if (n.name().isEmpty() || !nodeNames.add(n.name())) p.add("node name '" + n.name() + "' is empty or repeated");
      boolean compileTime = n.op() instanceof Op.Unresolved || n.op() instanceof Op.Constant;
      if (lowered && compileTime) p.add("node '" + n.name() + "' is a compile-time " + n.op().type() + " in a lowered graph");
      if (n.op() instanceof Op.Constant && (!n.inputs().isEmpty() || n.outputs().size() != 1))
        p.add("constant node '" + n.name() + "' must have no inputs and one output");
      for (int k = 0; k < n.inputs().size(); k++) {
        String in = n.input(k);
        if (in.isEmpty()) {
          if (!(n.op() instanceof Op.Unresolved)) p.add("node '" + n.name() + "' has an empty input name");
        } else if (!defined.contains(in)) {
          p.add("node '" + n.name() + "' reads '" + in + "' before it is defined");
        } else if (lowered && n.op().constantRole(k).isPresent() && !g.initializers().containsKey(in)) {
          p.add("node '" + n.name() + "': its " + n.op().constantRole(k).get() + " '" + in + "' is not a constant");
        }
      }
      for (String o : n.outputs()) define(defined, o, "output of node '" + n.name() + "'", p);
    }
    for (String o : g.outputs()) if (!defined.contains(o)) p.add("graph output '" + o + "' is not defined");
    return p;
  }

  /** Throws {@link IllegalStateException} naming {@code after} and the first problems, with the dump. */
  public static void check(Graph g, boolean lowered, String after) {
    List<String> p = problems(g, lowered);
    if (!p.isEmpty())
      throw new IllegalStateException("invalid graph after " + after + ": " + String.join("; ", p.subList(0, Math.min(5, p.size())))
          + "\n" + GraphPrinter.print(g));
  }

  private static void define(Set<String> defined, String name, String what, List<String> problems) {
    if (name.isEmpty()) problems.add(what + " has an empty name");
    else if (!defined.add(name)) problems.add("'" + name + "' (" + what + ") is defined twice");
  }
}
