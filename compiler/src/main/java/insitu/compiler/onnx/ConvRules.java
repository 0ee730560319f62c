package insitu.compiler.onnx;

import static insitu.compiler.onnx.Attributes.toInts;

import insitu.compiler.ir.GroupedWeights;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Resolver.Context;
import insitu.compiler.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Conv and ConvTranspose in every form ONNX writes them, as group-1 2-D operations on crossbars:
 * <ul>
 *   <li>1-D windows run as 2-D ones of height 1 (the input gets a unit axis, the output loses it);
 *   <li>a grouped or depthwise Conv splits its input by channel and runs one Conv per group, each
 *       group with its own crossbar block (named by {@link GroupedWeights}), then concatenates: a
 *       block-diagonal weight on one block would hold G times the devices, all but 1/G of them zero;
 *   <li>ConvTranspose is MatMul then {@link Op.Col2Im}: every input pixel's channels times the
 *       weight as ONNX stores it ([Cin, Cout·kh·kw], one block per group) give that pixel's
 *       contribution to a kh×kw patch of the output, which Col2Im adds up (with the bias).
 * </ul>
 * 3-D convolutions are refused.
 */
final class ConvRules {
  private ConvRules() {}

  /** The window of a convolution: 1-D or 2-D, as ONNX attributes on an input of shape xs. */
  private record Window(int dims, int[] kernel, int[] strides, int[] dilations, int[] pads, int groups) {
    /** The same window as 2-D attributes ({@code Op.Conv} order: pads top, left, bottom, right). */
    int[] kernel2() {
      return dims == 2 ? kernel : new int[] {1, kernel[0]};
    }
    int[] strides2() {
      return dims == 2 ? strides : new int[] {1, strides[0]};
    }
    int[] dilations2() {
      return dims == 2 ? dilations : new int[] {1, dilations[0]};
    }
    int[] pads2() {
      return dims == 2 ? pads : new int[] {0, pads[0], 0, pads[1]};
    }
  }

  private static Window window(OnnxNode n, Context c, boolean transposed) {
    int[] xs = c.shape(0, 0), ws = c.shape(0, 1);
    int d = xs.length - 2;
    if (d == 3) throw c.error("3-D " + n.opType() + " is not supported; insitu maps 1-D and 2-D convolutions");
    if (d < 1 || d > 2 || ws.length != xs.length)
      throw c.error("needs an input [N, C, W] or [N, C, H, W] and a weight of the same rank, got " + Arrays.toString(xs) + " and "
          + Arrays.toString(ws));
    long[] k = Attributes.ints(n, "kernel_shape");
    int[] kernel = k == null ? Arrays.copyOfRange(ws, 2, ws.length) : toInts(k);
    if (!Arrays.equals(kernel, Arrays.copyOfRange(ws, 2, ws.length)))
      throw c.error("attribute kernel_shape " + Arrays.toString(kernel) + " differs from the weight's " + Arrays.toString(ws));
    long g = Attributes.i(n, "group", 1);
    int cin = xs[1], wIn = transposed ? ws[0] : ws[1] * (int) g;
    if (g < 1 || cin % g != 0 || wIn != cin || (transposed ? ws[0] % g != 0 : ws[0] % g != 0))
      throw c.error("attribute group=" + g + " does not fit " + cin + " input channels and the weight " + Arrays.toString(ws));
    int[] strides = WindowOpRules.ints(n, c, "strides", d, 1), dilations = WindowOpRules.ints(n, c, "dilations", d, 1);
    int[] pads = transposed ? transposedPads(n, c, kernel, strides, dilations, xs) : WindowOpRules.pads(n, c, kernel, strides, dilations, xs);
    return new Window(d, kernel, strides, dilations, pads, (int) g);
  }

  static Resolver conv(OnnxNode n) {
    return c -> {
      Window w = window(n, c, false);
      int[] inputs = c.present(2) ? new int[] {0, 1, 2} : new int[] {0, 1};
      if (w.dims == 2 && w.groups == 1) return Resolver.runtime(new Op.Conv(w.kernel, w.strides, w.pads, w.dilations), inputs);
      Expansion e = new Expansion(c, n.label());
      Tensor weight = c.constant(1, "weight"), bias = c.present(2) ? c.constant(2, "bias") : null;
      int cout = weight.dim(0), g = w.groups, per = cout / g;
      checkBias(c, bias, cout);
      String x = w.dims == 1 ? e.op("unsqueeze", new Op.Unsqueeze(new int[] {2}), c.input(0)) : c.input(0);
      List<String> parts = split(e, x, c.shape(0, 0)[1], g);
      String[] ys = new String[g];
      for (int k = 0; k < g; k++) {
        int[] shape = {per, weight.dim(1), w.kernel2()[0], w.kernel2()[1]};
        String wk = e.constant(g == 1 ? c.input(1) + "/2d" : GroupedWeights.name(c.input(1), k, g), rows(weight, k * per, per, shape));
        String bk = bias == null ? null : e.constant(g == 1 ? c.input(2) + "/2d" : c.input(2) + "/group" + k + "of" + g,
            rows(bias, k * per, per, new int[] {per}));
        ys[k] = e.op(g == 1 ? "conv" : "group" + k, new Op.Conv(w.kernel2(), w.strides2(), w.pads2(), w.dilations2()), parts.get(k), wk, bk);
      }
      String y = g == 1 ? ys[0] : e.op("concat", new Op.Concat(1), ys);
      return e.result(w.dims == 1 ? e.op("squeeze", new Op.Squeeze(new int[] {2}), y) : y);
    };
  }

  static Resolver convTranspose(OnnxNode n) {
    return c -> {
      Window w = window(n, c, true);
      int[] xs = c.shape(0, 0);
      Tensor weight = c.constant(1, "weight"), bias = c.present(2) ? c.constant(2, "bias") : null;
      int g = w.groups, cin = xs[1] / g, cout = weight.dim(1), kk = w.kernel2()[0] * w.kernel2()[1];
      checkBias(c, bias, cout * g);
      int[] grid = w.dims == 2 ? new int[] {xs[2], xs[3]} : new int[] {1, xs[2]};
      int[] image = new int[2];
      int[] k2 = w.kernel2(), s2 = w.strides2(), d2 = w.dilations2(), p2 = w.pads2();
      int[] outPad = outputPadding(n, c, w.dims);
      for (int a = 0; a < 2; a++) {
        int extra = w.dims == 2 ? outPad[a] : a == 1 ? outPad[0] : 0;
        image[a] = s2[a] * (grid[a] - 1) + extra + (k2[a] - 1) * d2[a] + 1 - p2[a] - p2[a + 2];
        if (image[a] < 1) throw c.error("its output would be empty (" + Arrays.toString(image) + ")");
      }
      Expansion e = new Expansion(c, n.label());
      List<String> parts = split(e, c.input(0), xs[1], g);
      String[] ys = new String[g];
      // Pixels as rows: [N, C, H, W] → [N, H·W, C], the layout MatMul multiplies.
      int[] perm = w.dims == 2 ? new int[] {0, 2, 3, 1} : new int[] {0, 2, 1};
      for (int k = 0; k < g; k++) {
        String rows = e.op("pixels" + k, new Op.Transpose(perm), parts.get(k));
        if (w.dims == 2) rows = e.op("rows" + k, new Op.Reshape(new long[] {0, -1, cin}), rows);
        String wk = e.constant(g == 1 ? c.input(1) + "/matrix" : GroupedWeights.name(c.input(1), k, g),
            rows(weight, k * cin, cin, new int[] {cin, cout * kk}));
        String patches = e.op("patches" + k, new Op.MatMul(), rows, wk);
        String bk = bias == null ? null : e.constant(c.input(2) + (g == 1 ? "/col2im" : "/group" + k + "of" + g),
            rows(bias, k * cout, cout, new int[] {cout}));
        ys[k] = e.op("col2im" + k, new Op.Col2Im(image, grid, k2, s2, new int[] {p2[0], p2[1]}, d2), patches, bk);
      }
      String y = g == 1 ? ys[0] : e.op("concat", new Op.Concat(1), ys);
      return e.result(w.dims == 1 ? e.op("squeeze", new Op.Squeeze(new int[] {2}), y) : y);
    };
  }

  private static void checkBias(Context c, Tensor bias, int channels) {
    if (bias != null && (bias.rank() != 1 || bias.size() != channels))
      throw c.error("bias of shape " + Arrays.toString(bias.shape()) + " for " + channels + " output channels");
  }

  /** The input split by channel into {@code groups} equal parts (itself for one group). */
  private static List<String> split(Expansion e, String x, int channels, int groups) {
    if (groups == 1) return List.of(x);
    int[] sizes = new int[groups];
    Arrays.fill(sizes, channels / groups);
    return e.ops("split", new Op.Split(1, sizes), groups, x);
  }

  /** Rows [from, from + count) of a tensor (along its first axis), reshaped. */
  private static Tensor rows(Tensor t, int from, int count, int[] shape) {
    int per = t.size() / t.dim(0);
    return new Tensor(shape, Arrays.copyOfRange(t.data(), from * per, (from + count) * per));
  }

  private static int[] outputPadding(OnnxNode n, Context c, int d) {
    long[] op = Attributes.ints(n, "output_padding");
    if (op == null) return new int[d];
    if (op.length != d) throw c.error("attribute output_padding " + Arrays.toString(op) + " for a " + d + "-D window");
    return toInts(op);
  }

  /** ConvTranspose's pads: given, or from output_shape / auto_pad as the ONNX spec derives them. */
  private static int[] transposedPads(OnnxNode n, Context c, int[] kernel, int[] strides, int[] dilations, int[] xs) {
    int d = kernel.length;
    long[] shape = Attributes.ints(n, "output_shape");
    String auto = Attributes.s(n, "auto_pad", "NOTSET");
    if (shape == null && (auto.equals("NOTSET") || auto.isEmpty() || auto.equals("VALID"))) {
      long[] p = Attributes.ints(n, "pads");
      if (p == null || auto.equals("VALID")) return new int[2 * d];
      if (p.length != 2 * d) throw c.error("attribute pads " + Arrays.toString(p) + " for a " + d + "-D window");
      return toInts(p);
    }
    if (shape != null && shape.length == d + 2) shape = Arrays.copyOfRange(shape, 2, shape.length);
    if (shape != null && shape.length != d) throw c.error("attribute output_shape " + Arrays.toString(shape) + " for a " + d + "-D window");
    int[] outPad = outputPadding(n, c, d), pads = new int[2 * d];
    for (int a = 0; a < d; a++) {
      long target = shape != null ? shape[a] : (long) xs[2 + a] * strides[a];
      int total = Math.toIntExact(strides[a] * (xs[2 + a] - 1L) + outPad[a] + (kernel[a] - 1L) * dilations[a] + 1 - target);
      boolean upper = auto.equals("SAME_UPPER");
      pads[a] = upper ? total / 2 : total - total / 2;
      pads[a + d] = upper ? total - total / 2 : total / 2;
    }
    return pads;
  }
}
