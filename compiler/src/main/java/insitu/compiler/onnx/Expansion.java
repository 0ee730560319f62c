package insitu.compiler.onnx;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The few IR nodes an ONNX op expands into ({@link Resolver.Expanded}): each node writes one fresh
 * value named like the node, so a resolver reads as a list of assignments. The values that must
 * carry the ONNX node's outputs are renamed at the end ({@link #result}).
 */
final class Expansion {
  private final Resolver.Context c;
  private final String base;
  private final List<Node> nodes = new ArrayList<>();

  /** @param base the ONNX node's label, the prefix of every new name */
  Expansion(Resolver.Context c, String base) {
    this.c = c;
    this.base = base;
  }

  /** A compile-time constant named {@code name} when that name is free (weights keep readable names). */
  String constant(String name, Tensor value) {
    String v = c.fresh(name);
    nodes.add(new Node(v, new Op.Constant(value), List.of(), List.of(v)));
    return v;
  }

  /** One node of {@code op} over {@code inputs} (null ones, optional inputs not given, are left out); returns its output. */
  String op(String what, Op op, String... inputs) {
    return ops(what, op, 1, inputs).get(0);
  }

  /** One node with {@code outputs} outputs. */
  List<String> ops(String what, Op op, int outputs, String... inputs) {
    String name = c.fresh(base + "/" + what);
    List<String> outs = new ArrayList<>();
    outs.add(name);
    for (int k = 1; k < outputs; k++) outs.add(c.fresh(name + ":" + k));
    List<String> ins = new ArrayList<>();
    for (String i : inputs) if (i != null) ins.add(i);
    nodes.add(new Node(name, op, ins, outs));
    return outs;
  }

  /**
   * The nodes, with {@code values[k]} renamed to the ONNX node's output k (null: output k is not
   * computed, which only an output nothing reads may be). A value that is not a node's output (an
   * input passed through) gets an Identity.
   */
  Resolver.Result result(String... values) {
    List<Node> out = new ArrayList<>(nodes);
    for (int k = 0; k < values.length; k++) {
      if (values[k] == null) continue;
      String target = c.output(k);
      boolean renamed = false;
      for (int i = 0; i < out.size() && !renamed; i++) {
        Node n = out.get(i);
        int at = n.outputs().indexOf(values[k]);
        if (at < 0 || n.op() instanceof Op.Constant || isRead(out, values[k], values, k)) continue;
        List<String> outs = new ArrayList<>(n.outputs());
        outs.set(at, target);
        out.set(i, new Node(n.name(), n.op(), n.inputs(), outs));
        renamed = true;
      }
      if (!renamed) out.add(new Node(c.fresh(base + "/out" + k), new Op.Identity(), List.of(values[k]), List.of(target)));
    }
    return new Resolver.Expanded(out);
  }

  /** Whether another node reads the value, or it is also another output (then it cannot simply be renamed). */
  private static boolean isRead(List<Node> nodes, String value, String[] values, int k) {
    for (Node n : nodes) if (n.inputs().contains(value)) return true;
    for (int j = 0; j < values.length; j++) if (j != k && value.equals(values[j])) return true;
    return false;
  }
}
