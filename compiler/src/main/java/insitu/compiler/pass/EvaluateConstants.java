package insitu.compiler.pass;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import insitu.compiler.ir.eval.ConstantEvaluator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds every value computable at compile time and lowers the graph to runtime form. The graph
 * is traced at two batch sizes ({@link Traces}); in order, each node
 *
 * <ul>
 *   <li>if {@link Op.Unresolved}, is resolved from its traced inputs into a runtime op, folded values
 *       or a few nodes that are evaluated in its place;
 *   <li>if all its inputs are constants, is evaluated ({@link ConstantEvaluator}) and disappears,
 *       even a Conv or Gemm (of a zero initial state built from the input's batch size, say);
 *   <li>else stays, reading its constant operands (weights, biases) as graph constants and its
 *       constant data inputs as constants too; a constant that repeats along the batch is built at
 *       run time with the real batch size ({@link BatchBroadcast}).
 * </ul>
 *
 * Constants the input graph already held keep their order; those this pass adds follow, in the
 * order nodes first read them. Unread ones stay for {@link PruneUnused}. A graph output that does
 * not depend on the input is refused.
 */
public final class EvaluateConstants implements Pass {

  @Override public CompileUnit run(CompileUnit unit) {
    Lowering l = new Lowering(unit);
    for (Node n : unit.graph().nodes()) l.visit(n);
    for (String o : unit.graph().outputs())
      if (l.traces.isConstant(o)) throw unit.error("graph output '" + o + "' is a constant that does not depend on the input");
    Graph g = unit.graph();
    return unit.withGraph(g.with(g.inputs(), l.initializers, l.nodes)).asLowered();
  }

  /** The state of one run: the traces and the lowered graph being built. */
  static final class Lowering {
    final CompileUnit unit;
    final Traces traces = new Traces();
    final List<Node> nodes = new ArrayList<>();
    final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final BatchBroadcast broadcast;

    Lowering(CompileUnit unit) {
      this.unit = unit;
      Graph g = unit.graph();
      for (ValueInfo in : g.inputs()) {
        int[][] s = {in.shape(), in.shape()};
        for (int t = 0; t < s.length; t++) s[t][0] = Traces.BATCHES[t];
        traces.runtime(in.name(), s[0], s[1]);
        names.add(in.name());
      }
      for (var e : g.initializers().entrySet()) {
        traces.constant(e.getKey(), e.getValue(), e.getValue());
        initializers.put(e.getKey(), e.getValue());
      }
      names.addAll(g.initializers().keySet());
      for (Node n : g.nodes()) {
        names.add(n.name());
        names.addAll(n.inputs());
        names.addAll(n.outputs());
      }
      broadcast = g.inputs().isEmpty() ? null : new BatchBroadcast(this, g.inputs().get(0).name());
    }

    void visit(Node n) {
      Node node = n;
      if (n.op() instanceof Op.Unresolved u) {
        Resolver.Result r = resolve(n, u);
        if (r instanceof Resolver.Folded f) {
          fold(n, f.values());
          return;
        }
        if (r instanceof Resolver.Expanded e) {
          for (Node part : e.nodes()) visit(part);
          for (String o : n.outputs())
            if (!traces.has(o)) throw new IllegalStateException("the expansion of node '" + n.name() + "' does not compute '" + o + "'");
          return;
        }
        Resolver.RuntimeOp op = (Resolver.RuntimeOp) r;
        List<String> ins = new ArrayList<>();
        for (int i : op.inputs()) ins.add(n.input(i));
        node = new Node(n.name(), op.op(), ins, n.outputs());
      }
      int missing = node.inputs().indexOf("");
      if (missing >= 0) throw unit.error(node, "input " + missing + " is missing");
      if (node.op() instanceof Op.Constant c) {
        traces.constant(node.output(0), c.value(), c.value());
        return;
      }
      if (node.inputs().stream().allMatch(traces::isConstant)) {
        evaluate(node);
        return;
      }
      checkMatMul(node);
      List<String> ins = new ArrayList<>();
      for (int k = 0; k < node.inputs().size(); k++) {
        Optional<String> role = node.op().constantRole(k);
        ins.add(role.isPresent() ? operand(node, node.input(k), role.get()) : dataInput(node, node.input(k)));
      }
      emit(new Node(node.name(), node.op(), ins, node.outputs()));
    }

    private Resolver.Result resolve(Node n, Op.Unresolved u) {
      TracedNode context = new TracedNode(unit, n, traces, this::fresh);
      try {
        return u.resolver().resolve(context);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw context.error(e.getMessage());
      }
    }

    private void fold(Node n, List<List<Tensor>> values) {
      if (values.get(0).size() != n.outputs().size())
        throw new IllegalStateException("node '" + n.name() + "' folded to " + values.get(0).size() + " values for " + n.outputs().size() + " outputs");
      for (int k = 0; k < n.outputs().size(); k++) traces.constant(n.output(k), values.get(0).get(k), values.get(1).get(k));
    }

    private void evaluate(Node n) {
      List<List<Tensor>> out = new ArrayList<>();
      for (int t = 0; t < Resolver.TRACES; t++) {
        List<Tensor> in = new ArrayList<>();
        for (String i : n.inputs()) in.add(traces.constantAt(t, i));
        try {
          out.add(ConstantEvaluator.evaluate(n.op(), in));
        } catch (IllegalArgumentException | ArithmeticException e) {
          throw unit.error(n, e.getMessage());
        }
      }
      fold(n, out);
    }

    /** A MatMul with a constant first operand and a run-time second is W·x, which the crossbar does not compute. */
    private void checkMatMul(Node n) {
      if (n.op() instanceof Op.MatMul && traces.isConstant(n.input(0)) && !traces.isConstant(n.input(1)))
        throw unit.error(n, "the constant weight '" + n.input(0) + "' is the first operand (W·x); insitu maps MatMul(x, W) with the weight"
            + " second, as nn.Linear exports it: transpose the product in the model");
    }

    /** A weight, bias or other operand that must be a constant, the same for every batch size. */
    private String operand(Node n, String name, String role) {
      if (!traces.isConstant(name)) {
        boolean crossbar = role.equals("weight") || role.equals("bias");
        throw unit.error(n, "its " + role + " '" + name + "' is computed at run time; "
            + (crossbar ? "insitu puts only constant weights on the crossbar" : "insitu needs it to be a constant"));
      }
      return register(name, TracedNode.fixedConstant(unit, n, traces, name, role));
    }

    /**
     * The value to feed a data input: a run-time tensor as it is, a constant as a graph constant,
     * and a constant that repeats along a batch-sized first dim (ConstantOfShape of [batch, ...],
     * e.g. the h0/c0 of an unrolled LSTM) as a small run-time construction with the batch dim of
     * the actual input.
     */
    private String dataInput(Node n, String name) {
      if (!traces.isConstant(name)) return name;
      if (traces.isFixedConstant(name)) return register(name, traces.constantAt(0, name));
      if (broadcast == null) throw unit.error(n, "input '" + name + "' follows the batch size, but the graph has no input");
      return broadcast.materialize(n, name);
    }

    /** Adds a constant to the lowered graph (as floating point), once. */
    String register(String name, Tensor value) {
      initializers.putIfAbsent(name, value.asFloat());
      if (!traces.has(name)) traces.constant(name, value, value);
      names.add(name);
      return name;
    }

    /** Adds a runtime node and traces the shapes of its outputs. */
    void emit(Node n) {
      int[][][] out = new int[Resolver.TRACES][][];
      for (int t = 0; t < out.length; t++) {
        List<int[]> in = new ArrayList<>();
        for (String i : n.inputs()) in.add(traces.shape(t, i));
        try {
          out[t] = OpShapes.infer(n.op(), in).toArray(new int[0][]);
        } catch (IllegalArgumentException e) {
          throw unit.error(n, e.getMessage());
        }
        if (out[t].length != n.outputs().size())
          throw unit.error(n, "has " + n.outputs().size() + " outputs where " + n.op().type() + " gives " + out[t].length);
      }
      for (int k = 0; k < n.outputs().size(); k++) traces.runtime(n.output(k), out[0][k], out[1][k]);
      names.add(n.name());
      names.addAll(n.outputs());
      nodes.add(n);
    }

    /** A name used nowhere in the graph so far. */
    String fresh(String base) {
      String name = base;
      for (int k = 1; !names.add(name); k++) name = base + "_" + k;
      return name;
    }
  }
}
