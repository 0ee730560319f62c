package insitu.compiler.onnx;

import static insitu.compiler.onnx.Attributes.toInts;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Resolver.Context;
import insitu.compiler.ir.Shapes;
import insitu.compiler.ir.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How the ONNX ops that compute or take shapes resolve: Shape, ConstantOfShape, Cast and Range
 * fold to constants; Reshape, Transpose, Split, Slice, Squeeze, Unsqueeze, Gather, Pad, Tile,
 * Expand and Clip become their IR op once their tensor-valued attributes are known (attributes
 * in older opsets, inputs in newer ones: both are read). PyTorch computes many of
 * these from the batch size (Shape → Gather(0) → Concat), so a rule sees every input at the two
 * traced batch sizes.
 */
final class ShapeOpRules {
  /** Most values a folded constant may have (2^24 doubles, 128 MB): a model declaring more is refused, not allocated. */
  static final int MAX_FOLDED_VALUES = 1 << 24;

  private ShapeOpRules() {}

  /** The values of a constant of shape {@code dims} to be folded, checked before anything is allocated. */
  private static int foldedSize(Context c, int[] dims) {
    long n = 1;
    for (int dim : dims) {
      if (dim < 0) throw c.error("shape " + Arrays.toString(dims) + " has a negative dim");
      n = Math.min(n * dim, (long) MAX_FOLDED_VALUES + 1);
    }
    if (n > MAX_FOLDED_VALUES) throw c.error("shape " + Arrays.toString(dims) + " holds more than " + MAX_FOLDED_VALUES + " values");
    return (int) n;
  }

  static Resolver shape(OnnxNode n) {
    return c -> {
      Tensor[] out = new Tensor[Resolver.TRACES];
      for (int t = 0; t < out.length; t++) {
        int[] dims = c.shape(t, 0);
        int r = dims.length;
        long start = Attributes.i(n, "start", 0), end = Attributes.i(n, "end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
        long[] v = new long[(int) Math.max(0, end - start)];
        for (int k = 0; k < v.length; k++) v[k] = dims[(int) start + k];
        out[t] = Tensor.ofLongs(v);
      }
      return Resolver.foldedPerTrace(out[0], out[1]);
    };
  }

  static Resolver constantOfShape(Tensor value) {
    return c -> {
      Tensor[] out = new Tensor[Resolver.TRACES];
      for (int t = 0; t < out.length; t++) {
        Tensor shape = c.constantAt(t, 0);
        if (shape == null) throw c.error("its shape is computed from tensor values at run time; insitu needs shapes it can fold");
        int[] dims = toInts(shape.longs());
        double[] d = new double[foldedSize(c, dims)];
        Arrays.fill(d, value.data()[0]);
        out[t] = new Tensor(dims, d, value.integer());
      }
      return Resolver.foldedPerTrace(out[0], out[1]);
    };
  }

  /** A constant converts; a run-time tensor passes through if the target is floating point (insitu computes in doubles). */
  static Resolver cast(OnnxNode n) {
    OnnxDataType to = OnnxDataType.of((int) Attributes.i(n, "to", 0));
    boolean integer = OpTranslator.isInteger(to);
    return c -> {
      if (!c.isConstant(0)) {
        if (integer) throw c.error("casts a run-time tensor to " + to + "; insitu computes in floating point only");
        return Resolver.runtime(new Op.Identity(), 0);
      }
      Tensor[] out = new Tensor[Resolver.TRACES];
      for (int t = 0; t < out.length; t++) {
        Tensor x = c.constantAt(t, 0);
        double[] d = x.data().clone();
        for (int k = 0; k < d.length; k++) {
          if (to == OnnxDataType.BOOL) d[k] = d[k] != 0 ? 1 : 0;
          else if (integer) d[k] = (double) (long) d[k];
          else if (to == OnnxDataType.FLOAT) d[k] = (float) d[k];
        }
        out[t] = new Tensor(x.shape(), d, integer);
      }
      return Resolver.foldedPerTrace(out[0], out[1]);
    };
  }

  static Resolver range() {
    return c -> {
      Tensor start = c.constant(0, "start"), limit = c.constant(1, "limit"), delta = c.constant(2, "delta");
      double a = start.data()[0], b = limit.data()[0], d = delta.data()[0];
      if (d == 0) throw c.error("delta is 0");
      double steps = Math.ceil((b - a) / d);
      if (!(steps <= MAX_FOLDED_VALUES)) throw c.error("start " + a + ", limit " + b + " and delta " + d + " give more than " + MAX_FOLDED_VALUES + " values");
      int count = (int) Math.max(0, steps);
      double[] v = new double[count];
      for (int k = 0; k < count; k++) v[k] = a + k * d;
      return Resolver.folded(new Tensor(new int[] {count}, v, start.integer()));
    };
  }

  /**
   * Reshape's target may hold the batch size, either traced (Shape → Gather(0) → Concat) or as
   * the literal export-time batch that PyTorch sometimes folds in. Both traces give concrete
   * output shapes; the IR target keeps the dims that agree, copies a batch-sized first dim (0)
   * and lets one other batch-dependent dim be inferred (-1).
   */
  static Resolver reshape(OnnxNode n) {
    boolean allowZero = Attributes.i(n, "allowzero", 0) != 0;
    return c -> {
      if (allowZero && Arrays.stream(c.constant(1, "shape").longs()).anyMatch(v -> v == 0))
        throw c.error("allowzero=1 with a 0 in the target shape is not supported");
      int[][] in = new int[Resolver.TRACES][], out = new int[Resolver.TRACES][];
      for (int t = 0; t < in.length; t++) {
        Tensor target = c.constantAt(t, 1);
        if (target == null) throw c.error("its target shape is computed from tensor values at run time; insitu needs shapes it can fold");
        in[t] = c.shape(t, 0);
        out[t] = reshapeTarget(c, in[t], target.longs(), c.batch(t));
      }
      if (c.isConstant(0)) {
        Tensor a = c.constantAt(0, 0), b = c.constantAt(1, 0);
        return Resolver.foldedPerTrace(new Tensor(out[0], a.data(), a.integer()), new Tensor(out[1], b.data(), b.integer()));
      }
      if (out[0].length != out[1].length) throw c.error("its output rank depends on the batch size");
      long[] target = new long[out[0].length];
      int inferred = -1;
      for (int i = 0; i < target.length; i++) {
        if (out[0][i] == out[1][i]) target[i] = out[0][i];
        else if (i == 0 && in[0][0] == out[0][0] && in[1][0] == out[1][0]) target[i] = 0;
        else if (inferred < 0) {
          target[i] = -1;
          inferred = i;
        } else throw c.error("more than one dim of its output depends on the batch size");
      }
      return Resolver.runtime(new Op.Reshape(target), 0);
    };
  }

  /** ONNX Reshape on one trace, accepting a target whose first dim is the export-time batch. */
  private static int[] reshapeTarget(Context c, int[] in, long[] target, int batch) {
    try {
      return OpShapes.reshape(in, target);
    } catch (IllegalArgumentException e) {
      // e.g. [1, 64] folded at export with batch 1: the rest must match one sample exactly.
      long rest = 1;
      for (int i = 1; i < target.length; i++) rest *= target[i];
      if (target.length > 0 && target[0] > 0 && in.length > 0 && in[0] == batch && rest > 0 && rest * batch == Shapes.size(in)) {
        long[] t = target.clone();
        t[0] = batch;
        return OpShapes.reshape(in, t);
      }
      throw c.error(e.getMessage());
    }
  }

  static Resolver transpose(OnnxNode n) {
    long[] p = Attributes.ints(n, "perm");
    return c -> {
      int rank = c.shape(0, 0).length;
      if (p != null && p.length != rank) throw c.error("perm " + Arrays.toString(p) + " does not match rank " + rank);
      int[] perm = new int[rank];
      for (int i = 0; i < rank; i++) perm[i] = p == null ? rank - 1 - i : Math.toIntExact(p[i]);
      return Resolver.runtime(new Op.Transpose(perm), 0);
    };
  }

  static Resolver split(OnnxNode n) {
    int parts = n.outputs().size();
    boolean numOutputs = n.attribute("num_outputs").isPresent();
    return c -> {
      int rank = c.shape(0, 0).length;
      int axis;
      try {
        axis = Shapes.axis(Attributes.i(n, "axis", 0), rank, "Split");
      } catch (IllegalArgumentException e) {
        throw c.error(e.getMessage());
      }
      long[] sizes = c.ints(1, "split sizes");
      if (sizes == null) sizes = Attributes.ints(n, "split");
      if (sizes == null) {
        int d0 = c.shape(0, 0)[axis], d1 = c.shape(1, 0)[axis];
        if (d0 != d1) throw c.error("splits the batch axis into equal parts, which insitu cannot do for any batch size");
        // Opset 18's num_outputs: parts of ⌈d/n⌉, the last one smaller; before, equal parts only.
        if (d0 % parts != 0 && !numOutputs) throw c.error("cannot split dim " + d0 + " into " + parts + " equal parts");
        int each = (d0 + parts - 1) / parts;
        sizes = new long[parts];
        for (int k = 0; k < parts; k++) sizes[k] = Math.max(0, Math.min(each, d0 - (long) k * each));
      }
      if (sizes.length != parts) throw c.error(sizes.length + " split sizes for " + parts + " outputs");
      return Resolver.runtime(new Op.Split(axis, toInts(sizes)), 0);
    };
  }

  /** Slice's bounds: inputs from opset 10, attributes (no steps) before. */
  static Resolver slice(OnnxNode n) {
    return c -> {
      long[] starts = c.ints(1, "starts"), ends = c.ints(2, "ends"), axes = c.ints(3, "axes"), steps = c.ints(4, "steps");
      if (starts == null && ends == null) {
        starts = Attributes.ints(n, "starts");
        ends = Attributes.ints(n, "ends");
        axes = Attributes.ints(n, "axes");
      }
      if (starts == null || ends == null) throw c.error("needs starts and ends (inputs from opset 10, attributes before)");
      if (starts.length != ends.length) throw c.error("starts and ends differ in length");
      return Resolver.runtime(new Op.Slice(starts, ends, axes == null ? new int[0] : toInts(axes), steps == null ? new long[0] : steps), 0);
    };
  }

  private static long[] axes(OnnxNode n, Context c) {
    long[] axes = c.ints(1, "axes");
    return axes != null ? axes : Attributes.ints(n, "axes");
  }

  static Resolver squeeze(OnnxNode n) {
    return c -> {
      long[] axes = axes(n, c);
      if (axes != null) return Resolver.runtime(new Op.Squeeze(toInts(axes)), 0);
      // No axes: every unit dim. Resolved now, so a batch of 1 is never squeezed at run time.
      int[] a = c.shape(0, 0), b = c.shape(1, 0);
      return Resolver.runtime(new Op.Squeeze(IntStream.range(0, a.length).filter(i -> a[i] == 1 && b[i] == 1).toArray()), 0);
    };
  }

  static Resolver unsqueeze(OnnxNode n) {
    return c -> {
      long[] axes = axes(n, c);
      if (axes == null) throw c.error("has no axes");
      return Resolver.runtime(new Op.Unsqueeze(toInts(axes)), 0);
    };
  }

  static Resolver gather(OnnxNode n) {
    int axis = (int) Attributes.i(n, "axis", 0);
    return c -> {
      Tensor idx = c.constant(1, "indices");
      if (idx.rank() > 1) throw c.error("indices of rank " + idx.rank() + " are not supported (scalar or 1-D only)");
      return Resolver.runtime(new Op.Gather(axis, idx.longs(), idx.rank() == 0), 0);
    };
  }

  /** Pad: pads as an attribute (before opset 11) or input, the value likewise, the axes input of opset 18, four modes. */
  static Resolver pad(OnnxNode n) {
    String modeName = Attributes.s(n, "mode", "constant");
    return c -> {
      Op.Pad.Mode mode = switch (modeName) {
        case "constant" -> Op.Pad.Mode.CONSTANT;
        case "reflect" -> Op.Pad.Mode.REFLECT;
        case "edge" -> Op.Pad.Mode.EDGE;
        case "wrap" -> Op.Pad.Mode.WRAP;
        default -> throw c.error("attribute mode='" + modeName + "' is not an ONNX padding mode");
      };
      long[] pads = c.ints(1, "pads");
      if (pads == null) pads = Attributes.ints(n, "pads");
      if (pads == null) throw c.error("has no pads");
      int rank = c.shape(0, 0).length;
      if (c.present(3)) pads = fullRankPads(c, pads, c.constant(3, "axes").longs(), rank);
      if (pads.length != 2 * rank) throw c.error("has " + pads.length + " pads for an input of rank " + rank);
      if (pads[0] != 0 || pads[rank] != 0) {
        if (c.shape(0, 0)[0] != c.shape(1, 0)[0]) throw c.error("pads the batch axis 0; insitu pads only the other axes");
      }
      double value = c.present(2) ? c.constant(2, "constant_value").data()[0] : Attributes.f(n, "value", 0);
      return Resolver.runtime(new Op.Pad(pads, value, mode), 0);
    };
  }

  /** Pads given for some axes (opset 18's axes input) as pads for every axis. */
  private static long[] fullRankPads(Context c, long[] pads, long[] axes, int rank) {
    if (pads.length != 2 * axes.length) throw c.error("has " + pads.length + " pads for " + axes.length + " axes");
    long[] full = new long[2 * rank];
    for (int k = 0; k < axes.length; k++) {
      int a;
      try {
        a = Shapes.axis(axes[k], rank, "Pad");
      } catch (IllegalArgumentException e) {
        throw c.error(e.getMessage());
      }
      full[a] = pads[k];
      full[a + rank] = pads[k + axes.length];
    }
    return full;
  }

  /** Tile by constant repeats. */
  static Resolver tile() {
    return c -> {
      long[] repeats = c.constant(1, "repeats").longs();
      if (repeats.length != c.shape(0, 0).length) throw c.error(repeats.length + " repeats for an input of rank " + c.shape(0, 0).length);
      if (Arrays.stream(repeats).allMatch(r -> r == 1)) return Resolver.runtime(new Op.Identity(), 0);
      return Resolver.runtime(new Op.Tile(toInts(repeats)), 0);
    };
  }

  /**
   * Expand to a constant target shape, which may hold the batch size (Shape → Concat): the batch
   * dim then stays the input's own. A constant input is expanded per traced batch size.
   */
  static Resolver expand() {
    return c -> {
      int[][] targets = new int[Resolver.TRACES][];
      for (int t = 0; t < targets.length; t++) {
        Tensor shape = c.constantAt(t, 1);
        if (shape == null) throw c.error("its target shape is computed from tensor values at run time; insitu needs shapes it can fold");
        targets[t] = toInts(shape.longs());
      }
      if (c.isConstant(0)) {
        Tensor[] out = new Tensor[Resolver.TRACES];
        for (int t = 0; t < out.length; t++)
          out[t] = insitu.compiler.ir.eval.ConstantEvaluator.evaluate(new Op.Expand(targets[t]), java.util.List.of(c.constantAt(t, 0))).get(0);
        return Resolver.foldedPerTrace(out[0], out[1]);
      }
      int[] target = targets[0].clone();
      for (int i = 0; i < target.length; i++) if (target[i] != targets[1][i]) target[i] = 1;
      for (int t = 0; t < targets.length; t++) {
        int[] want = Shapes.broadcast(c.shape(t, 0), targets[t]), got = Shapes.broadcast(c.shape(t, 0), target);
        if (!Arrays.equals(want, got)) throw c.error("expands to a shape that follows the batch size in a way insitu cannot reproduce");
      }
      if (Arrays.equals(Shapes.broadcast(c.shape(0, 0), target), c.shape(0, 0))) return Resolver.runtime(new Op.Identity(), 0);
      return Resolver.runtime(new Op.Expand(target), 0);
    };
  }

  static Resolver clip(OnnxNode n) {
    return c -> {
      double min = Attributes.f(n, "min", Double.NEGATIVE_INFINITY), max = Attributes.f(n, "max", Double.POSITIVE_INFINITY);
      if (c.present(1)) min = c.constant(1, "min").data()[0];
      if (c.present(2)) max = c.constant(2, "max").data()[0];
      return Resolver.runtime(new Op.Clip(min, max), 0);
    };
  }
}
