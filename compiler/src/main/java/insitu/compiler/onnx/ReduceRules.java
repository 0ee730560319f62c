package insitu.compiler.onnx;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Resolver.Context;
import insitu.compiler.ir.Shapes;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Ops over axes: the Reduce* family (axes as an attribute before opset 13 for ReduceSum and 18 for
 * the others, as an input after; noop_with_empty_axes) and Softmax/LogSoftmax, whose opsets
 * before 13 normalize over every axis from {@code axis} on (the input coerced to 2-D).
 */
final class ReduceRules {
  private ReduceRules() {}

  static Resolver reduce(OnnxNode n, Op.Reduce.Kind kind) {
    boolean keep = Attributes.i(n, "keepdims", 1) != 0, noop = Attributes.i(n, "noop_with_empty_axes", 0) != 0;
    return c -> {
      int rank = c.shape(0, 0).length;
      long[] axes = c.present(1) ? c.constant(1, "axes").longs() : Attributes.ints(n, "axes");
      if (axes == null || axes.length == 0) {
        if (noop) return Resolver.runtime(new Op.Identity(), 0);
        axes = new long[rank];
        for (int a = 0; a < rank; a++) axes[a] = a;
      }
      TreeSet<Integer> set = new TreeSet<>();
      for (long a : axes) if (!set.add(axis(c, a, rank))) throw c.error("reduction axes " + Arrays.toString(axes) + " repeat an axis");
      if (set.contains(0) && c.shape(0, 0)[0] != c.shape(1, 0)[0] && !c.isConstant(0))
        throw c.error("reduces over the batch axis 0 (axes " + Arrays.toString(axes) + "); insitu keeps samples apart");
      return Resolver.runtime(new Op.Reduce(kind, set.stream().mapToInt(Integer::intValue).toArray(), keep), 0);
    };
  }

  static Resolver softmax(OnnxNode n, long opset, boolean log) {
    long axisAttr = Attributes.i(n, "axis", opset < 13 ? 1 : -1);
    return c -> {
      int rank = c.shape(0, 0).length, a = axis(c, axisAttr, rank);
      if (opset >= 13 || a == rank - 1) return Resolver.runtime(log ? new Op.LogSoftmax(a) : new Op.Softmax(a), 0);
      if (a == 0) throw c.error("normalizes over every axis from the batch axis 0 on (opset " + opset + " coerces to 2-D); insitu keeps samples apart");
      // Before opset 13: over all axes from a on, i.e. over the last axis of the input flattened to 2-D.
      Expansion e = new Expansion(c, n.label());
      String flat = e.op("flatten", new Op.Flatten(a), c.input(0));
      String y = e.op("normalize", log ? new Op.LogSoftmax(1) : new Op.Softmax(1), flat);
      long[] back = new long[rank];
      int[] shape = c.shape(0, 0);
      back[0] = -1;
      for (int k = 1; k < rank; k++) back[k] = shape[k];
      return e.result(e.op("unflatten", new Op.Reshape(back), y));
    };
  }

  private static int axis(Context c, long a, int rank) {
    try {
      return Shapes.axis(a, rank, "reduction");
    } catch (IllegalArgumentException e) {
      throw c.error(e.getMessage());
    }
  }
}
