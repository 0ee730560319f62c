package insitu.compiler.onnx;

import static insitu.compiler.onnx.Attributes.filled;
import static insitu.compiler.onnx.Attributes.toInts;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.onnx.TracedValue.Const;
import insitu.compiler.onnx.TracedValue.Dynamic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one ONNX node into IR: resolves its attributes and constant inputs into an {@link Op},
 * then either folds it (all data inputs constant) or emits it as a runtime node.
 */
final class OpTranslator {
  private final ImportState s;

  OpTranslator(ImportState state) {
    this.s = state;
  }

  void translate(OnnxNode n) {
    switch (n.opType()) {
      case "Constant" -> constant(n);
      case "ConstantOfShape" -> constantOfShape(n);
      case "Shape" -> shape(n);
      case "Cast" -> cast(n);
      case "Range" -> range(n);
      case "Identity" -> apply(n, new Op.Identity(), data(n, 0));
      case "Dropout" -> dropout(n);
      case "Conv" -> conv(n);
      case "Gemm" -> gemm(n);
      case "MatMul" -> matMul(n);
      case "BatchNormalization" -> new BatchNormFolder(s).fold(n);
      case "Add" -> apply(n, new Op.Add(), data(n, 0, 1));
      case "Sub" -> apply(n, new Op.Sub(), data(n, 0, 1));
      case "Mul" -> apply(n, new Op.Mul(), data(n, 0, 1));
      case "Div" -> apply(n, new Op.Div(), data(n, 0, 1));
      case "Relu" -> apply(n, new Op.Relu(), data(n, 0));
      case "LeakyRelu" -> apply(n, new Op.LeakyRelu(Attributes.f(n, "alpha", 0.01)), data(n, 0));
      case "Sigmoid" -> apply(n, new Op.Sigmoid(), data(n, 0));
      case "Tanh" -> apply(n, new Op.Tanh(), data(n, 0));
      case "Round" -> apply(n, new Op.StepFunction(Op.StepFunction.Kind.ROUND), data(n, 0));
      case "Floor" -> apply(n, new Op.StepFunction(Op.StepFunction.Kind.FLOOR), data(n, 0));
      case "Ceil" -> apply(n, new Op.StepFunction(Op.StepFunction.Kind.CEIL), data(n, 0));
      case "Sign" -> apply(n, new Op.StepFunction(Op.StepFunction.Kind.SIGN), data(n, 0));
      case "Clip" -> clip(n);
      case "Softmax" -> apply(n, new Op.Softmax((int) Attributes.i(n, "axis", -1)), data(n, 0));
      case "LogSoftmax" -> apply(n, new Op.LogSoftmax((int) Attributes.i(n, "axis", -1)), data(n, 0));
      case "MaxPool", "AveragePool" -> pool(n);
      case "GlobalAveragePool" -> apply(n, new Op.GlobalAveragePool(), data(n, 0));
      case "Flatten" -> apply(n, new Op.Flatten((int) Attributes.i(n, "axis", 1)), data(n, 0));
      case "Reshape" -> reshape(n);
      case "Transpose" -> transpose(n);
      case "Concat" -> concat(n);
      case "Split" -> split(n);
      case "Slice" -> slice(n);
      case "Squeeze" -> squeeze(n);
      case "Unsqueeze" -> unsqueeze(n);
      case "Gather" -> gather(n);
      case "Pad" -> pad(n);
      default -> throw s.error(n, "no translation (this is a bug: the op passed the support check)");
    }
  }

  private static List<String> data(OnnxNode n, int... idx) {
    List<String> r = new ArrayList<>();
    for (int i : idx) r.add(n.inputs().get(i));
    return r;
  }

  private String in(OnnxNode n, int i) {
    return i < n.inputs().size() ? n.inputs().get(i) : "";
  }

  /** Folds the op when every data input is a constant it can evaluate; otherwise emits it. */
  private void apply(OnnxNode n, Op op, List<String> inputs) {
    boolean allConst = inputs.stream().allMatch(s::isConst);
    if (allConst) {
      List<List<Const>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        List<Const> ins = new ArrayList<>();
        for (String i : inputs) ins.add((Const) s.value(t, i));
        try {
          results.add(ConstantEvaluator.evaluate(op, ins, n.outputs().size()));
        } catch (IllegalArgumentException e) {
          throw s.error(n, e.getMessage());
        }
      }
      if (results.get(0) != null) {
        for (int k = 0; k < n.outputs().size(); k++) s.set(n.outputs().get(k), results.get(0).get(k), results.get(1).get(k));
        return;
      }
      throw s.error(n, "all its inputs are constants, which insitu folds only for shape and arithmetic ops");
    }
    List<String> irInputs = new ArrayList<>();
    for (String i : inputs) irInputs.add(s.dataInput(n, i));
    s.emit(n, new Node(s.nodeName(n), op, irInputs, n.outputs()));
  }

  private void constant(OnnxNode n) {
    Const c;
    if (n.attribute("value").isPresent()) c = fromTensor(n, n.attribute("value").get().t());
    else if (n.attribute("value_float").isPresent()) c = new Const(new int[0], new double[] {Attributes.f(n, "value_float", 0)}, false);
    else if (n.attribute("value_floats").isPresent()) {
      float[] f = n.attribute("value_floats").get().floats();
      double[] d = new double[f.length];
      for (int k = 0; k < f.length; k++) d[k] = f[k];
      c = new Const(new int[] {f.length}, d, false);
    } else if (n.attribute("value_int").isPresent()) c = new Const(new int[0], new double[] {Attributes.i(n, "value_int", 0)}, true);
    else if (n.attribute("value_ints").isPresent()) c = Const.ofLongs(Attributes.ints(n, "value_ints"));
    else throw s.error(n, "only tensor, float and int constants are supported (attributes: " + n.attributes().keySet() + ")");
    s.set(n.outputs().get(0), c, c);
  }

  /** A stored tensor as a constant; names the node if its data cannot be decoded. */
  Const fromTensor(OnnxNode n, OnnxTensor t) {
    OnnxDataType type = OnnxDataType.of(t.dataType());
    int[] shape = new int[t.dims().length];
    for (int k = 0; k < shape.length; k++) shape[k] = Math.toIntExact(t.dims()[k]);
    try {
      return new Const(shape, t.toDoubles(), isInteger(type));
    } catch (insitu.errors.BadInputException e) {
      throw n == null ? new insitu.errors.BadInputException(s.source + ": " + e.getMessage(), e) : s.error(n, e.getMessage());
    }
  }

  static boolean isInteger(OnnxDataType type) {
    return !(type == OnnxDataType.FLOAT || type == OnnxDataType.DOUBLE || type == OnnxDataType.FLOAT16 || type == OnnxDataType.BFLOAT16);
  }

  private void constantOfShape(OnnxNode n) {
    Const value = n.attribute("value").map(a -> fromTensor(n, a.t())).orElse(new Const(new int[] {1}, new double[] {0}, false));
    Const[] out = new Const[2];
    for (int t = 0; t < 2; t++) {
      if (!(s.value(t, in(n, 0)) instanceof Const shape))
        throw s.error(n, "its shape is computed from tensor values at run time; insitu needs shapes it can fold");
      int[] dims = toInts(shape.longs());
      double[] d = new double[TracedShapes.size(dims)];
      Arrays.fill(d, value.data()[0]);
      out[t] = new Const(dims, d, value.integer());
    }
    s.set(n.outputs().get(0), out[0], out[1]);
  }

  private void shape(OnnxNode n) {
    Const[] out = new Const[2];
    for (int t = 0; t < 2; t++) {
      int[] dims = s.value(t, in(n, 0)).shape();
      int r = dims.length;
      long start = Attributes.i(n, "start", 0), end = Attributes.i(n, "end", r);
      start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
      end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
      long[] v = new long[(int) Math.max(0, end - start)];
      for (int k = 0; k < v.length; k++) v[k] = dims[(int) start + k];
      out[t] = Const.ofLongs(v);
    }
    s.set(n.outputs().get(0), out[0], out[1]);
  }

  private void cast(OnnxNode n) {
    OnnxDataType to = OnnxDataType.of((int) Attributes.i(n, "to", 0));
    String x = in(n, 0);
    if (s.isConst(x)) {
      Const[] out = new Const[2];
      for (int t = 0; t < 2; t++) {
        Const c = (Const) s.value(t, x);
        double[] d = c.data().clone();
        for (int k = 0; k < d.length; k++) {
          if (to == OnnxDataType.BOOL) d[k] = d[k] != 0 ? 1 : 0;
          else if (isInteger(to)) d[k] = (double) (long) d[k];
          else if (to == OnnxDataType.FLOAT) d[k] = (float) d[k];
        }
        out[t] = new Const(c.shape(), d, isInteger(to));
      }
      s.set(n.outputs().get(0), out[0], out[1]);
    } else if (isInteger(to)) {
      throw s.error(n, "casts a run-time tensor to " + to + "; insitu computes in floating point only");
    } else {
      apply(n, new Op.Identity(), List.of(x));
    }
  }

  private void range(OnnxNode n) {
    Const start = s.constant(n, in(n, 0), "start"), limit = s.constant(n, in(n, 1), "limit"), delta = s.constant(n, in(n, 2), "delta");
    double a = start.data()[0], b = limit.data()[0], d = delta.data()[0];
    if (d == 0) throw s.error(n, "delta is 0");
    int count = (int) Math.max(0, Math.ceil((b - a) / d));
    double[] v = new double[count];
    for (int k = 0; k < count; k++) v[k] = a + k * d;
    Const c = new Const(new int[] {count}, v, start.integer());
    s.set(n.outputs().get(0), c, c);
  }

  private void dropout(OnnxNode n) {
    if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty() && s.onnxUses(n.outputs().get(1)) > 0)
      throw s.error(n, "its mask output is used; export the model in eval mode (model.eval())");
    apply(n, new Op.Identity(), data(n, 0));
  }

  /** A crossbar weight or bias: must be a constant, the same for every batch size. */
  private String constInput(OnnxNode n, int index, String what) {
    String name = in(n, index);
    if (s.value(0, name) instanceof Dynamic)
      throw s.error(n, "its " + what + " '" + name + "' is computed at run time; insitu puts only constant weights on the crossbar");
    return s.initializer(name, s.constant(n, name, what));
  }

  private void requireDynamic(OnnxNode n, String name) {
    if (s.isConst(name)) throw s.error(n, "its input '" + name + "' is a constant; insitu runs Conv, Gemm and MatMul only on data from the model input");
  }

  private void conv(OnnxNode n) {
    long group = Attributes.i(n, "group", 1);
    if (group != 1)
      throw s.error(n, "group=" + group + " (grouped or depthwise convolution) is not supported; insitu maps Conv with group=1 only");
    String x = in(n, 0);
    requireDynamic(n, x);
    String w = constInput(n, 1, "weight");
    int[] ws = s.initializers.get(w).shape();
    if (ws.length != 4 || s.value(0, x).shape().length != 4)
      throw s.error(n, "only 2-D convolution (NCHW input, 4-D weight) is supported, got weight " + Arrays.toString(ws));
    long[] k = Attributes.ints(n, "kernel_shape");
    int[] kernel = k == null ? new int[] {ws[2], ws[3]} : toInts(k);
    int[] strides = ints2(n, "strides", 1), dilations = ints2(n, "dilations", 1);
    int[] pads = pads(n, kernel, strides, dilations, s.value(0, x).shape());
    List<String> ins = new ArrayList<>(List.of(x, w));
    if (!in(n, 2).isEmpty()) ins.add(constInput(n, 2, "bias"));
    s.emit(n, new Node(s.nodeName(n), new Op.Conv(kernel, strides, pads, dilations), ins, n.outputs()));
  }

  private int[] ints2(OnnxNode n, String name, int def) {
    long[] v = Attributes.ints(n, name);
    if (v == null) return filled(2, def);
    if (v.length != 2) throw s.error(n, name + " " + Arrays.toString(v) + ": only 2-D windows are supported");
    return toInts(v);
  }

  /** Explicit pads {top, left, bottom, right}, resolving auto_pad from the (fixed) spatial size. */
  private int[] pads(OnnxNode n, int[] kernel, int[] strides, int[] dilations, int[] xShape) {
    String auto = Attributes.s(n, "auto_pad", "NOTSET");
    switch (auto) {
      case "NOTSET", "" -> {
        long[] p = Attributes.ints(n, "pads");
        if (p == null) return new int[4];
        if (p.length != 4) throw s.error(n, "pads " + Arrays.toString(p) + ": only 2-D windows are supported");
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
      default -> throw s.error(n, "auto_pad=" + auto + " is not supported");
    }
  }

  private void gemm(OnnxNode n) {
    if (Attributes.i(n, "transA", 0) != 0) throw s.error(n, "transA=1 is not supported; insitu needs Gemm(x, W)");
    String x = in(n, 0);
    requireDynamic(n, x);
    String w = constInput(n, 1, "weight");
    List<String> ins = new ArrayList<>(List.of(x, w));
    if (!in(n, 2).isEmpty()) ins.add(constInput(n, 2, "bias"));
    Op.Gemm op = new Op.Gemm(Attributes.f(n, "alpha", 1), Attributes.f(n, "beta", 1), false, Attributes.i(n, "transB", 0) != 0);
    s.emit(n, new Node(s.nodeName(n), op, ins, n.outputs()));
  }

  private void matMul(OnnxNode n) {
    String a = in(n, 0), b = in(n, 1);
    boolean aConst = s.isConst(a), bConst = s.isConst(b);
    if (aConst && bConst) throw s.error(n, "both operands are constants; insitu does not fold matrix products");
    if (aConst)
      throw s.error(n, "the constant weight '" + a + "' is the first operand (W·x); insitu maps MatMul(x, W) with the weight second, "
          + "as nn.Linear exports it: transpose the product in the model");
    if (!bConst)
      throw s.error(n, "both operands are computed at run time; insitu maps MatMul only with a constant weight as the second operand");
    String w = constInput(n, 1, "weight");
    if (s.initializers.get(w).rank() != 2)
      throw s.error(n, "weight '" + w + "' has shape " + Arrays.toString(s.initializers.get(w).shape()) + "; insitu needs a 2-D weight");
    s.emit(n, new Node(s.nodeName(n), new Op.MatMul(), List.of(a, w), n.outputs()));
  }

  private void clip(OnnxNode n) {
    double min = Attributes.f(n, "min", Double.NEGATIVE_INFINITY), max = Attributes.f(n, "max", Double.POSITIVE_INFINITY);
    if (!in(n, 1).isEmpty()) min = s.constant(n, in(n, 1), "min").data()[0];
    if (!in(n, 2).isEmpty()) max = s.constant(n, in(n, 2), "max").data()[0];
    apply(n, new Op.Clip(min, max), data(n, 0));
  }

  private void pool(OnnxNode n) {
    if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty() && s.onnxUses(n.outputs().get(1)) > 0)
      throw s.error(n, "its indices output is not supported");
    long[] k = Attributes.ints(n, "kernel_shape");
    if (k == null || k.length != 2) throw s.error(n, "only 2-D pooling windows are supported");
    int[] kernel = toInts(k), strides = ints2(n, "strides", 1), dilations = ints2(n, "dilations", 1);
    if (dilations[0] != 1 || dilations[1] != 1) throw s.error(n, "dilated pooling is not supported");
    String x = in(n, 0);
    int[] xs = s.value(0, x).shape();
    if (xs.length != 4) throw s.error(n, "only NCHW inputs are supported, got " + Arrays.toString(xs));
    int[] pads = pads(n, kernel, strides, dilations, xs);
    if (Attributes.i(n, "ceil_mode", 0) != 0) {
      for (int a = 0; a < 2; a++) {
        int span = xs[2 + a] + pads[a] + pads[a + 2] - kernel[a];
        if (span % strides[a] != 0)
          throw s.error(n, "ceil_mode=1 changes the output size here, which insitu does not support; export with ceil_mode=False");
      }
    }
    Op op = n.opType().equals("MaxPool")
        ? new Op.MaxPool(kernel, strides, pads)
        : new Op.AveragePool(kernel, strides, pads, Attributes.i(n, "count_include_pad", 0) != 0);
    apply(n, op, data(n, 0));
  }

  /**
   * Reshape's target may hold the batch size, either traced (Shape → Gather(0) → Concat) or as
   * the literal export-time batch that PyTorch sometimes folds in. Both traces give concrete
   * output shapes; the IR target keeps the dims that agree, copies a batch-sized first dim (0)
   * and lets one other batch-dependent dim be inferred (-1).
   */
  private void reshape(OnnxNode n) {
    String x = in(n, 0), shape = in(n, 1);
    if (Attributes.i(n, "allowzero", 0) != 0 && Arrays.stream(s.constant(n, shape, "shape").longs()).anyMatch(v -> v == 0))
      throw s.error(n, "allowzero=1 with a 0 in the target shape is not supported");
    int[][] in = new int[2][], out = new int[2][];
    for (int t = 0; t < 2; t++) {
      if (!(s.value(t, shape) instanceof Const target))
        throw s.error(n, "its target shape is computed from tensor values at run time; insitu needs shapes it can fold");
      in[t] = s.value(t, x).shape();
      out[t] = reshapeTarget(n, in[t], target.longs(), ImportState.BATCHES[t]);
    }
    if (s.isConst(x)) {
      Const a = (Const) s.value(0, x), b = (Const) s.value(1, x);
      s.set(n.outputs().get(0), new Const(out[0], a.data(), a.integer()), new Const(out[1], b.data(), b.integer()));
      return;
    }
    if (out[0].length != out[1].length) throw s.error(n, "its output rank depends on the batch size");
    long[] target = new long[out[0].length];
    int inferred = -1;
    for (int i = 0; i < target.length; i++) {
      if (out[0][i] == out[1][i]) target[i] = out[0][i];
      else if (i == 0 && in[0][0] == out[0][0] && in[1][0] == out[1][0]) target[i] = 0;
      else if (inferred < 0) { target[i] = -1; inferred = i; }
      else throw s.error(n, "more than one dim of its output depends on the batch size");
    }
    apply(n, new Op.Reshape(target), List.of(x));
  }

  /** ONNX Reshape on one trace, accepting a target whose first dim is the export-time batch. */
  private int[] reshapeTarget(OnnxNode n, int[] in, long[] target, int batch) {
    try {
      return ShapeInference.reshape(in, target);
    } catch (IllegalArgumentException e) {
      // e.g. [1, 64] folded at export with batch 1: the rest must match one sample exactly.
      long rest = 1;
      for (int i = 1; i < target.length; i++) rest *= target[i];
      if (target.length > 0 && target[0] > 0 && in.length > 0 && in[0] == batch && rest > 0
          && rest * batch == TracedShapes.size(in)) {
        long[] t = target.clone();
        t[0] = batch;
        return ShapeInference.reshape(in, t);
      }
      throw s.error(n, e.getMessage());
    }
  }

  private void transpose(OnnxNode n) {
    long[] p = Attributes.ints(n, "perm");
    int rank = s.value(0, in(n, 0)).shape().length;
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) perm[i] = p == null ? rank - 1 - i : Math.toIntExact(p[i < p.length ? i : 0]);
    if (p != null && p.length != rank) throw s.error(n, "perm " + Arrays.toString(p) + " does not match rank " + rank);
    apply(n, new Op.Transpose(perm), data(n, 0));
  }

  private void concat(OnnxNode n) {
    if (n.attribute("axis").isEmpty()) throw s.error(n, "has no axis attribute");
    List<String> ins = n.inputs().stream().filter(i -> !i.isEmpty()).toList();
    apply(n, new Op.Concat((int) Attributes.i(n, "axis", 0)), ins);
  }

  private void split(OnnxNode n) {
    String x = in(n, 0);
    int rank = s.value(0, x).shape().length;
    int axis = TracedShapes.axis(Attributes.i(n, "axis", 0), rank, "Split");
    long[] sizes = s.ints(n, 1, "split sizes");
    if (sizes == null) sizes = Attributes.ints(n, "split");
    if (sizes == null) {
      int parts = n.outputs().size();
      int d0 = s.value(0, x).shape()[axis], d1 = s.value(1, x).shape()[axis];
      if (d0 != d1) throw s.error(n, "splits the batch axis into equal parts, which insitu cannot do for any batch size");
      if (d0 % parts != 0) throw s.error(n, "cannot split dim " + d0 + " into " + parts + " equal parts");
      sizes = new long[parts];
      Arrays.fill(sizes, d0 / parts);
    }
    if (sizes.length != n.outputs().size()) throw s.error(n, sizes.length + " split sizes for " + n.outputs().size() + " outputs");
    apply(n, new Op.Split(axis, toInts(sizes)), data(n, 0));
  }

  private void slice(OnnxNode n) {
    long[] starts = s.ints(n, 1, "starts"), ends = s.ints(n, 2, "ends"), axes = s.ints(n, 3, "axes"), steps = s.ints(n, 4, "steps");
    if (starts == null || ends == null) throw s.error(n, "needs starts and ends inputs (opset 10 or later)");
    if (starts.length != ends.length) throw s.error(n, "starts and ends differ in length");
    apply(n, new Op.Slice(starts, ends, axes == null ? new int[0] : toInts(axes), steps == null ? new long[0] : steps), data(n, 0));
  }

  private long[] axes(OnnxNode n) {
    long[] axes = s.ints(n, 1, "axes");
    return axes != null ? axes : Attributes.ints(n, "axes");
  }

  private void squeeze(OnnxNode n) {
    long[] axes = axes(n);
    int[] resolved;
    if (axes != null) {
      resolved = toInts(axes);
    } else {
      // No axes: every unit dim. Resolved now, so a batch of 1 is never squeezed at run time.
      int[] a = s.value(0, in(n, 0)).shape(), b = s.value(1, in(n, 0)).shape();
      resolved = java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == 1 && b[i] == 1).toArray();
    }
    apply(n, new Op.Squeeze(resolved), data(n, 0));
  }

  private void unsqueeze(OnnxNode n) {
    long[] axes = axes(n);
    if (axes == null) throw s.error(n, "has no axes");
    apply(n, new Op.Unsqueeze(toInts(axes)), data(n, 0));
  }

  private void gather(OnnxNode n) {
    Const idx = s.constant(n, in(n, 1), "indices");
    if (idx.shape().length > 1) throw s.error(n, "indices of rank " + idx.shape().length + " are not supported (scalar or 1-D only)");
    apply(n, new Op.Gather((int) Attributes.i(n, "axis", 0), idx.longs(), idx.shape().length == 0), data(n, 0));
  }

  private void pad(OnnxNode n) {
    String mode = Attributes.s(n, "mode", "constant");
    if (!mode.equals("constant")) throw s.error(n, "mode '" + mode + "' is not supported; insitu pads with a constant only");
    long[] pads = s.ints(n, 1, "pads");
    if (pads == null) pads = Attributes.ints(n, "pads");
    if (pads == null) throw s.error(n, "has no pads");
    if (!in(n, 3).isEmpty()) throw s.error(n, "the axes input is not supported");
    double value = in(n, 2).isEmpty() ? Attributes.f(n, "value", 0) : s.constant(n, in(n, 2), "constant_value").data()[0];
    apply(n, new Op.Pad(pads, value), data(n, 0));
  }
}
