package insitu.compiler.onnx;

import static insitu.compiler.onnx.Attributes.filled;
import static insitu.compiler.onnx.Attributes.toInts;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Resolver.Context;
import java.util.Arrays;

/**
 * How Conv, the poolings and MatMul resolve: their windows' padding (auto_pad SAME needs the
 * input's spatial size) and the shapes and operands insitu can map onto crossbars.
 */
final class WindowOpRules {
  private WindowOpRules() {}

  static Resolver conv(OnnxNode n) {
    return c -> {
      int[] ws = c.shape(0, 1), xs = c.shape(0, 0);
      if (ws.length != 4 || xs.length != 4)
        throw c.error("only 2-D convolution (NCHW input, 4-D weight) is supported, got weight " + Arrays.toString(ws));
      long[] k = Attributes.ints(n, "kernel_shape");
      int[] kernel = k == null ? new int[] {ws[2], ws[3]} : toInts(k);
      if (kernel.length != 2) throw c.error("kernel_shape " + Arrays.toString(k) + ": only 2-D windows are supported");
      int[] strides = ints2(n, c, "strides", 1), dilations = ints2(n, c, "dilations", 1);
      int[] pads = pads(n, c, kernel, strides, dilations, xs);
      Op.Conv op = new Op.Conv(kernel, strides, pads, dilations);
      return c.present(2) ? Resolver.runtime(op, 0, 1, 2) : Resolver.runtime(op, 0, 1);
    };
  }

  static Resolver pool(OnnxNode n) {
    int[] kernel = toInts(Attributes.ints(n, "kernel_shape"));
    boolean max = n.opType().equals("MaxPool");
    return c -> {
      int[] strides = ints2(n, c, "strides", 1), dilations = ints2(n, c, "dilations", 1);
      if (dilations[0] != 1 || dilations[1] != 1) throw c.error("dilated pooling is not supported");
      int[] xs = c.shape(0, 0);
      if (xs.length != 4) throw c.error("only NCHW inputs are supported, got " + Arrays.toString(xs));
      int[] pads = pads(n, c, kernel, strides, dilations, xs);
      if (Attributes.i(n, "ceil_mode", 0) != 0) {
        for (int a = 0; a < 2; a++) {
          int span = xs[2 + a] + pads[a] + pads[a + 2] - kernel[a];
          if (span % strides[a] != 0)
            throw c.error("ceil_mode=1 changes the output size here, which insitu does not support; export with ceil_mode=False");
        }
      }
      Op op = max ? new Op.MaxPool(kernel, strides, pads)
          : new Op.AveragePool(kernel, strides, pads, Attributes.i(n, "count_include_pad", 0) != 0);
      return Resolver.runtime(op, 0);
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

  private static int[] ints2(OnnxNode n, Context c, String name, int def) {
    long[] v = Attributes.ints(n, name);
    if (v == null) return filled(2, def);
    if (v.length != 2) throw c.error(name + " " + Arrays.toString(v) + ": only 2-D windows are supported");
    return toInts(v);
  }

  /** Explicit pads {top, left, bottom, right}, resolving auto_pad from the (fixed) spatial size. */
  private static int[] pads(OnnxNode n, Context c, int[] kernel, int[] strides, int[] dilations, int[] xShape) {
    String auto = Attributes.s(n, "auto_pad", "NOTSET");
    switch (auto) {
      case "NOTSET", "" -> {
        long[] p = Attributes.ints(n, "pads");
        if (p == null) return new int[4];
        if (p.length != 4) throw c.error("pads " + Arrays.toString(p) + ": only 2-D windows are supported");
        return toInts(p);
      }
      case "VALID" -> {
        return new int[4];
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        int[] p = new int[4];
        for (int a = 0; a < 2; a++) {
          int size = xShape[2 + a], out = (size + strides[a] - 1) / strides[a];
          int total = Math.max(0, (out - 1) * strides[a] + dilations[a] * (kernel[a] - 1) + 1 - size);
          int small = total / 2, big = total - small;
          p[a] = auto.equals("SAME_UPPER") ? small : big;
          p[a + 2] = auto.equals("SAME_UPPER") ? big : small;
        }
        return p;
      }
      default -> throw c.error("auto_pad=" + auto + " is not supported");
    }
  }
}
