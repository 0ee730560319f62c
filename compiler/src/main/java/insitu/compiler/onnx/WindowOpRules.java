package insitu.compiler.onnx;

import static insitu.compiler.onnx.Attributes.filled;
import static insitu.compiler.onnx.Attributes.toInts;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.PeripheryShapes;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Resolver.Context;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How the poolings and MatMul resolve, and the window attributes every windowed op shares
 * (strides, dilations, pads with auto_pad, which needs the input's spatial size). Convolutions
 * are in {@link ConvRules}.
 */
final class WindowOpRules {
  private WindowOpRules() {}

  /**
   * MaxPool and AveragePool of any rank: the 2-D ops of old where they fit (no dilation, ceil_mode
   * not changing the size), else the N-D {@link Op.Pooling}.
   */
  static Resolver pool(OnnxNode n) {
    long[] k = Attributes.ints(n, "kernel_shape");
    boolean max = n.opType().equals("MaxPool");
    return c -> {
      if (k == null) throw c.error("has no kernel_shape");
      int[] kernel = toInts(k), xs = c.shape(0, 0);
      int d = kernel.length;
      if (xs.length != d + 2) throw c.error("kernel_shape " + Arrays.toString(k) + " for an input of shape " + Arrays.toString(xs));
      int[] strides = ints(n, c, "strides", d, 1), dilations = ints(n, c, "dilations", d, 1);
      int[] pads = pads(n, c, kernel, strides, dilations, xs);
      boolean ceil = Attributes.i(n, "ceil_mode", 0) != 0, countPads = Attributes.i(n, "count_include_pad", 0) != 0;
      boolean ceilMatters = ceil && IntStream.range(0, d).anyMatch(a -> PeripheryShapes.pooledSize(xs[2 + a], kernel[a], strides[a], pads[a],
          pads[a + d], dilations[a], true) != PeripheryShapes.pooledSize(xs[2 + a], kernel[a], strides[a], pads[a], pads[a + d], dilations[a], false));
      if (d == 2 && Arrays.stream(dilations).allMatch(v -> v == 1) && !ceilMatters)
        return Resolver.runtime(max ? new Op.MaxPool(kernel, strides, pads) : new Op.AveragePool(kernel, strides, pads, countPads), 0);
      return Resolver.runtime(new Op.Pooling(max ? Op.Pooling.Kind.MAX : Op.Pooling.Kind.AVERAGE, kernel, strides, pads, dilations, ceil,
          countPads), 0);
    };
  }

  /** GlobalAveragePool of an NCHW input keeps its op; other ranks, and GlobalMaxPool, reduce the spatial axes. */
  static Resolver globalPool(OnnxNode n) {
    boolean max = n.opType().equals("GlobalMaxPool");
    return c -> {
      int rank = c.shape(0, 0).length;
      if (rank < 3) throw c.error("needs an input [N, C, spatial...], got rank " + rank);
      if (!max && rank == 4) return Resolver.runtime(new Op.GlobalAveragePool(), 0);
      int[] axes = IntStream.range(2, rank).toArray();
      return Resolver.runtime(new Op.Reduce(max ? Op.Reduce.Kind.MAX : Op.Reduce.Kind.MEAN, axes, true), 0);
    };
  }

  /** insitu maps MatMul(x, W) with a constant 2-D weight second, as nn.Linear exports it; two constants fold. */
  static Resolver matMul() {
    return c -> {
      boolean aConst = c.isConstant(0), bConst = c.isConstant(1);
      if (aConst && !bConst)
        throw c.error("the constant weight '" + c.input(0) + "' is the first operand (W·x); insitu maps MatMul(x, W) with the weight second, "
            + "as nn.Linear exports it: transpose the product in the model");
      if (!bConst)
        throw c.error("both operands are computed at run time; insitu maps MatMul only with a constant weight as the second operand");
      int[] ws = c.shape(0, 1);
      if (ws.length != 2 && !aConst) throw c.error("weight '" + c.input(1) + "' has shape " + Arrays.toString(ws) + "; insitu needs a 2-D weight");
      return Resolver.runtime(new Op.MatMul(), 0, 1);
    };
  }

  /** A per-axis attribute of a window of {@code d} axes, {@code def} on every axis when absent. */
  static int[] ints(OnnxNode n, Context c, String name, int d, int def) {
    long[] v = Attributes.ints(n, name);
    if (v == null || v.length == 0) return filled(d, def);
    if (v.length != d) throw c.error("attribute " + name + " " + Arrays.toString(v) + " for a " + d + "-D window");
    for (long x : v) if (x < 1) throw c.error("attribute " + name + " " + Arrays.toString(v) + " must be positive");
    return toInts(v);
  }

  /**
   * Explicit pads in ONNX order (all begins, then all ends), resolving auto_pad from the (fixed)
   * spatial size of {@code xShape} [N, C, spatial...].
   */
  static int[] pads(OnnxNode n, Context c, int[] kernel, int[] strides, int[] dilations, int[] xShape) {
    int d = kernel.length;
    String auto = Attributes.s(n, "auto_pad", "NOTSET");
    switch (auto) {
      case "NOTSET", "" -> {
        long[] p = Attributes.ints(n, "pads");
        if (p == null) return new int[2 * d];
        if (p.length != 2 * d) throw c.error("attribute pads " + Arrays.toString(p) + " for a " + d + "-D window");
        for (long x : p) if (x < 0) throw c.error("attribute pads " + Arrays.toString(p) + " is negative");
        return toInts(p);
      }
      case "VALID" -> {
        return new int[2 * d];
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        int[] p = new int[2 * d];
        for (int a = 0; a < d; a++) {
          int size = xShape[2 + a], out = (size + strides[a] - 1) / strides[a];
          int total = Math.max(0, (out - 1) * strides[a] + dilations[a] * (kernel[a] - 1) + 1 - size);
          int small = total / 2, big = total - small;
          p[a] = auto.equals("SAME_UPPER") ? small : big;
          p[a + d] = auto.equals("SAME_UPPER") ? big : small;
        }
        return p;
      }
      default -> throw c.error("attribute auto_pad=" + auto + " is not an ONNX padding mode");
    }
  }
}
