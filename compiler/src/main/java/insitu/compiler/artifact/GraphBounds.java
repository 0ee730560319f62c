package insitu.compiler.artifact;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.GraphValidator;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a graph read from an artifact must satisfy before a runtime allocates anything for it: a
 * valid lowered graph, window ops with positive kernels, strides and dilations and no negative
 * pads, and every value of one sample no larger than {@link #MAX_SAMPLE_VALUES} (shapes inferred
 * at batch 1). A hand-edited or damaged manifest with a zero stride or a billion-wide input is
 * refused here instead of dividing by zero or exhausting memory in the first forward pass.
 */
final class GraphBounds {
  /** Values of one sample in any tensor: 2^24 doubles are 128 MB, beyond any model a crossbar board runs. */
  static final long MAX_SAMPLE_VALUES = 1L << 24;

  private GraphBounds() {}

  /** Throws {@link IllegalArgumentException} naming the first problem. */
  static void check(Graph g) {
    List<String> problems = GraphValidator.problems(g, true);
    if (!problems.isEmpty()) throw new IllegalArgumentException(problems.get(0));
    Map<String, int[]> shapes = new HashMap<>();
    for (ValueInfo v : g.inputs()) shapes.put(v.name(), bounded(atBatchOne(v.shape()), "input '" + v.name() + "'"));
    g.initializers().forEach((k, v) -> shapes.put(k, v.shape()));
    for (Node n : g.nodes()) {
      checkAttributes(n);
      List<int[]> in = new ArrayList<>();
      for (String i : n.inputs()) in.add(shapes.get(i));
      List<int[]> out;
      try {
        out = OpShapes.infer(n.op(), in);
      } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException | NullPointerException e) {
        throw new IllegalArgumentException("node '" + n.name() + "' (" + n.op().type() + "): " + e.getMessage());
      }
      if (out.size() != n.outputs().size())
        throw new IllegalArgumentException("node '" + n.name() + "' has " + n.outputs().size() + " outputs where " + n.op().type() + " gives " + out.size());
      for (int k = 0; k < out.size(); k++) shapes.put(n.output(k), bounded(out.get(k), "node '" + n.name() + "' output"));
    }
  }

  private static int[] atBatchOne(int[] shape) {
    int[] s = shape.clone();
    if (s.length > 0 && s[0] == -1) s[0] = 1;
    return s;
  }

  private static int[] bounded(int[] shape, String what) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException(what + " has a negative dim " + Arrays.toString(shape));
      n *= d;
      if (n > MAX_SAMPLE_VALUES) throw new IllegalArgumentException(what + " " + Arrays.toString(shape) + " holds more than " + MAX_SAMPLE_VALUES + " values per sample");
    }
    return shape;
  }

  private static void checkAttributes(Node n) {
    Op op = n.op();
    if (op instanceof Op.Conv c) window(n, c.kernel(), c.strides(), c.pads(), c.dilations());
    else if (op instanceof Op.MaxPool p) window(n, p.kernel(), p.strides(), p.pads(), new int[] {1, 1});
    else if (op instanceof Op.AveragePool p) window(n, p.kernel(), p.strides(), p.pads(), new int[] {1, 1});
    else if (op instanceof Op.Im2Col c) window(n, c.kernel(), c.strides(), c.pads(), new int[] {1, 1});
  }

  private static void window(Node n, int[] kernel, int[] strides, int[] pads, int[] dilations) {
    if (kernel.length != 2 || strides.length != 2 || pads.length != 4 || dilations.length != 2
        || Arrays.stream(kernel).anyMatch(v -> v < 1) || Arrays.stream(strides).anyMatch(v -> v < 1)
        || Arrays.stream(dilations).anyMatch(v -> v < 1) || Arrays.stream(pads).anyMatch(v -> v < 0))
      throw new IllegalArgumentException("node '" + n.name() + "' (" + n.op().type() + ") needs 2 kernel dims, strides and dilations >= 1 and 4 pads"
          + " >= 0, got kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides) + ", pads " + Arrays.toString(pads));
  }
}
