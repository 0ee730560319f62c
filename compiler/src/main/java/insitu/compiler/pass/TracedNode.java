package insitu.compiler.pass;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Tensor;
import insitu.errors.BadInputException;

/** What a resolver sees of an unresolved node: its inputs at both traced batch sizes. */
final class TracedNode implements Resolver.Context {
  private final CompileUnit unit;
  private final Node node;
  private final Traces traces;
  private final java.util.function.UnaryOperator<String> fresh;

  TracedNode(CompileUnit unit, Node node, Traces traces, java.util.function.UnaryOperator<String> fresh) {
    this.unit = unit;
    this.node = node;
    this.traces = traces;
    this.fresh = fresh;
  }

  @Override public String fresh(String base) {
    return fresh.apply(base);
  }

  @Override public int batch(int trace) {
    return Traces.BATCHES[trace];
  }

  @Override public String input(int index) {
    return index < node.inputs().size() ? node.input(index) : "";
  }

  @Override public String output(int index) {
    return node.output(index);
  }

  @Override public boolean present(int index) {
    return !input(index).isEmpty();
  }

  @Override public boolean isConstant(int index) {
    return present(index) && traces.isConstant(input(index));
  }

  @Override public Tensor constantAt(int trace, int index) {
    return present(index) ? traces.constantAt(trace, input(index)) : null;
  }

  @Override public Tensor constant(int index, String what) {
    String name = input(index);
    if (name.isEmpty()) throw error(what + " is missing");
    return fixedConstant(unit, node, traces, name, what);
  }

  /** A value that is a constant, the same at both batch sizes, or a refusal naming what it is needed for. */
  static Tensor fixedConstant(CompileUnit unit, Node node, Traces traces, String name, String what) {
    if (!traces.isConstant(name))
      throw unit.error(node, what + " ('" + name + "') is computed from the input at run time; insitu needs it to be a constant");
    if (!traces.isFixedConstant(name))
      throw unit.error(node, what + " ('" + name + "') depends on the batch size, which insitu cannot handle here");
    return traces.constantAt(0, name);
  }

  @Override public int[] shape(int trace, int index) {
    if (!present(index)) throw error("input " + index + " is missing");
    return traces.shape(trace, input(index)).clone();
  }

  @Override public BadInputException error(String message) {
    return unit.error(node, message);
  }
}
