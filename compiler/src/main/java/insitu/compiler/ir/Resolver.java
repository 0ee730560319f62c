package insitu.compiler.ir;

import insitu.errors.BadInputException;
import java.util.List;

/**
 * Turns an {@link Op.Unresolved} node into a runtime op once constant evaluation has traced its
 * inputs: at two batch sizes, so that a value computed from the batch size (a PyTorch shape
 * subgraph) shows how it follows the batch.
 */
@FunctionalInterface
public interface Resolver {
  /** The number of traced batch sizes; trace {@code t} runs the graph at batch {@link Context#batch(int) batch(t)}. */
  int TRACES = 2;

  Result resolve(Context c);

  /** What the resolver knows about the node's inputs. Input indices are those of the unresolved node. */
  interface Context {
    /** The batch size of trace {@code t}. */
    int batch(int trace);

    /** The name of input {@code index} (empty when absent), for messages. */
    String input(int index);

    /** The name of output {@code index}, which an {@link Expanded} result must write. */
    String output(int index);

    /** Whether input {@code index} is given (not absent, not an empty name). */
    boolean present(int index);

    /** Whether input {@code index} is a constant at every trace (it may still follow the batch). */
    boolean isConstant(int index);

    /** Input {@code index} at one trace if it is a constant there, else null. */
    Tensor constantAt(int trace, int index);

    /** Input {@code index}: a constant the same at every trace, or a refusal naming {@code what}. */
    Tensor constant(int index, String what);

    /** Input {@code index} as integers, or null when it is absent. */
    default long[] ints(int index, String what) {
      return present(index) ? constant(index, what).longs() : null;
    }

    /** The shape of input {@code index} at one trace. */
    int[] shape(int trace, int index);

    /** A value or node name used nowhere in the graph, for the nodes of an {@link Expanded} result. */
    String fresh(String base);

    /** A one-line refusal naming the node and its op. */
    BadInputException error(String message);
  }

  /** The resolved form: a runtime op over some of the inputs, the folded output values, or a small graph. */
  sealed interface Result permits RuntimeOp, Folded, Expanded {}

  /** A runtime op reading the given inputs of the unresolved node, in that order. */
  record RuntimeOp(Op op, int[] inputs) implements Result {
    public RuntimeOp {
      if (op instanceof Op.Unresolved || op instanceof Op.Constant)
        throw new IllegalArgumentException("a resolver must produce a runtime op, not " + op.type());
      inputs = inputs.clone();
    }
  }

  /** Constant outputs, per trace ({@code values.get(t).get(k)} is output k at trace t). */
  record Folded(List<List<Tensor>> values) implements Result {
    public Folded {
      if (values.size() != TRACES) throw new IllegalArgumentException("folded values need one list per trace");
      values = List.copyOf(values.stream().map(List::copyOf).toList());
    }
  }

  /**
   * Nodes that compute the node's outputs from its inputs (an op with no IR op of its own: a
   * recurrent cell unrolled over time, an n-ary sum as a chain of Adds). They may read the node's
   * inputs, constants of their own ({@link Op.Constant} nodes) and each other, must write every
   * output of the node, and are evaluated like any other node (they may be unresolved, or fold).
   */
  record Expanded(List<Node> nodes) implements Result {
    public Expanded {
      nodes = List.copyOf(nodes);
    }
  }

  /** The runtime op over inputs {@code inputs}. */
  static Result runtime(Op op, int... inputs) {
    return new RuntimeOp(op, inputs);
  }

  /** One output, the same constant at every trace. */
  static Result folded(Tensor value) {
    return new Folded(List.of(List.of(value), List.of(value)));
  }

  /** One output whose value differs per trace (it follows the batch). */
  static Result foldedPerTrace(Tensor atFirst, Tensor atSecond) {
    return new Folded(List.of(List.of(atFirst), List.of(atSecond)));
  }
}
