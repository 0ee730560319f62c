package insitu.compiler.pass;

import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every value of a graph traced at two concrete batch sizes: its shape, and its contents when it
 * is a constant there.
 *
 * <p>Why two traces: the batch dim is symbolic, but PyTorch exports shape arithmetic on it
 * (Shape → Gather(0) → Concat → ConstantOfShape/Reshape). Evaluating the graph at two batch sizes
 * with plain constant folding and comparing tells exactly which constants depend on the batch and
 * how, without a symbolic algebra: values equal in both traces are true constants; a shape vector
 * holding 2 in one trace and 3 in the other holds the batch size.
 */
final class Traces {
  /** The two batch sizes traced. Not 1, so a batch dim can never be mistaken for a unit dim. */
  static final int[] BATCHES = {2, 3};

  private final List<Map<String, int[]>> shapes = new ArrayList<>();
  private final List<Map<String, Tensor>> constants = new ArrayList<>();

  Traces() {
    for (int t = 0; t < Resolver.TRACES; t++) {
      shapes.add(new HashMap<>());
      constants.add(new HashMap<>());
    }
  }

  /** A value the runtime computes, of this shape at each trace. */
  void runtime(String value, int[] atFirst, int[] atSecond) {
    shapes.get(0).put(value, atFirst);
    shapes.get(1).put(value, atSecond);
  }

  /** A value known at compile time (which may differ per trace when it follows the batch). */
  void constant(String value, Tensor atFirst, Tensor atSecond) {
    constants.get(0).put(value, atFirst);
    constants.get(1).put(value, atSecond);
    runtime(value, atFirst.shape(), atSecond.shape());
  }

  boolean has(String value) {
    return shapes.get(0).containsKey(value);
  }

  int[] shape(int trace, String value) {
    int[] s = shapes.get(trace).get(value);
    if (s == null) throw new IllegalStateException("value '" + value + "' is not traced");
    return s;
  }

  /** The value at one trace if it is a constant there, else null. */
  Tensor constantAt(int trace, String value) {
    return constants.get(trace).get(value);
  }

  boolean isConstant(String value) {
    return constants.get(0).containsKey(value) && constants.get(1).containsKey(value);
  }

  /** Constant and the same at both traces. */
  boolean isFixedConstant(String value) {
    return isConstant(value) && constantAt(0, value).sameValues(constantAt(1, value));
  }
}
