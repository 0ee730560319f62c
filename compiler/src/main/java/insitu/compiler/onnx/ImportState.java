package insitu.compiler.onnx;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.onnx.TracedValue.Const;
import insitu.compiler.onnx.TracedValue.Dynamic;
import insitu.errors.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The importer's working state for one graph: every ONNX value traced at two concrete batch sizes,
 * and the IR nodes and initializers built so far.
 *
 * <p>Why two traces: the batch dim is symbolic, but PyTorch exports shape arithmetic on it
 * (Shape → Gather(0) → Concat → ConstantOfShape/Reshape). Evaluating the graph at two batch sizes
 * with plain constant folding and comparing tells exactly which constants depend on the batch and
 * how, without a symbolic algebra: values equal in both traces are true constants; a shape vector
 * holding 2 in one trace and 3 in the other holds the batch size.
 */
final class ImportState {
  /** The two batch sizes traced. Not 1, so a batch dim can never be mistaken for a unit dim. */
  static final int[] BATCHES = {2, 3};

  final String source;
  final OnnxGraph onnx;
  final String batchSource;
  private final List<Map<String, TracedValue>> traces = List.of(new HashMap<>(), new HashMap<>());
  final List<Node> nodes = new ArrayList<>();
  final Map<String, Tensor> initializers = new LinkedHashMap<>();
  private final Map<String, Integer> onnxUses = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> materialized = new HashMap<>();
  private String batchZeros;

  ImportState(String source, OnnxGraph onnx, String batchSource) {
    this.source = source;
    this.onnx = onnx;
    this.batchSource = batchSource;
    for (OnnxNode n : onnx.nodes()) {
      for (String i : n.inputs()) onnxUses.merge(i, 1, Integer::sum);
      names.add(n.name());
      names.addAll(n.outputs());
    }
    for (OnnxValueInfo o : onnx.outputs()) onnxUses.merge(o.name(), 1, Integer::sum);
    for (OnnxValueInfo i : onnx.inputs()) names.add(i.name());
    for (OnnxTensor t : onnx.initializers()) names.add(t.name());
  }

  /** How many ONNX nodes (and graph outputs) read a value. */
  int onnxUses(String value) {
    return onnxUses.getOrDefault(value, 0);
  }

  BadInputException error(OnnxNode n, String message) {
    return new BadInputException(source + ": node '" + n.label() + "' (" + n.opType() + "): " + message);
  }

  /** A name used nowhere in the ONNX graph nor the IR so far. */
  String fresh(String base) {
    String name = base;
    for (int k = 1; !names.add(name); k++) name = base + "_" + k;
    return name;
  }

  TracedValue value(int trace, String name) {
    TracedValue v = traces.get(trace).get(name);
    if (v == null) throw new IllegalStateException("value '" + name + "' is not traced");
    return v;
  }

  boolean has(String name) {
    return traces.get(0).containsKey(name);
  }

  void set(String name, TracedValue atFirst, TracedValue atSecond) {
    traces.get(0).put(name, atFirst);
    traces.get(1).put(name, atSecond);
    names.add(name);
  }

  boolean isConst(String name) {
    return value(0, name) instanceof Const && value(1, name) instanceof Const;
  }

  /** A constant that is the same at both batch sizes, or an error naming what it is needed for. */
  Const constant(OnnxNode n, String name, String what) {
    TracedValue a = value(0, name), b = value(1, name);
    if (!(a instanceof Const ca) || !(b instanceof Const cb))
      throw error(n, what + " ('" + name + "') is computed from the input at run time; insitu needs it to be a constant");
    if (!ca.sameAs(cb))
      throw error(n, what + " ('" + name + "') depends on the batch size, which insitu cannot handle here");
    return ca;
  }

  /** Constant integers of input {@code index}, or null if the input is absent. */
  long[] ints(OnnxNode n, int index, String what) {
    if (index >= n.inputs().size() || n.inputs().get(index).isEmpty()) return null;
    return constant(n, n.inputs().get(index), what).longs();
  }

  /** Adds an IR node and traces the shapes of its outputs at both batch sizes. */
  void emit(OnnxNode from, Node node) {
    for (int t = 0; t < 2; t++) {
      List<int[]> shapes = new ArrayList<>();
      for (String i : node.inputs()) shapes.add(value(t, i).shape());
      List<int[]> out;
      try {
        out = ShapeInference.infer(node.op(), shapes, node.outputs().size());
      } catch (IllegalArgumentException e) {
        throw error(from, e.getMessage());
      }
      for (int k = 0; k < node.outputs().size(); k++) {
        traces.get(t).put(node.output(k), new Dynamic(out.get(k)));
        names.add(node.output(k));
      }
    }
    names.add(node.name());
    nodes.add(node);
  }

  /** A unique IR node name for an ONNX node (ONNX allows empty and repeated node names). */
  String nodeName(OnnxNode n) {
    return nodeName(n.name().isEmpty() ? n.opType() + "_" + n.outputs().get(0) : n.name());
  }

  private String nodeName(String base) {
    String name = base;
    for (int k = 1; !usedNodeNames.add(name); k++) name = base + "_" + k;
    return name;
  }

  private final Set<String> usedNodeNames = new HashSet<>();

  /** Registers a constant as an IR initializer (a crossbar weight, a bias or a digital operand). */
  String initializer(String name, Const c) {
    Tensor existing = initializers.get(name);
    if (existing == null) initializers.put(name, new Tensor(c.shape().clone(), c.data().clone()));
    if (!has(name)) set(name, c, c);
    names.add(name);
    return name;
  }

  /**
   * The IR value to feed a data input: a runtime tensor as it is, a constant as an initializer,
   * and a constant that repeats along a batch-sized first dim (ConstantOfShape of [batch, ...],
   * e.g. the h0/c0 of an unrolled LSTM) as a small runtime construction that has the batch dim
   * of the actual input.
   */
  String dataInput(OnnxNode n, String name) {
    TracedValue a = value(0, name), b = value(1, name);
    if (a instanceof Dynamic && b instanceof Dynamic) return name;
    if (a instanceof Const ca && b instanceof Const cb) {
      if (ca.sameAs(cb)) return initializer(name, ca);
      String done = materialized.get(name);
      if (done != null) return done;
      double[] slice = batchRepeatedSlice(ca, cb);
      if (slice == null)
        throw error(n, "input '" + name + "' is computed from the batch size in a way insitu cannot reproduce at run time");
      String out = batchBroadcast(n, name, ca.shape(), slice);
      materialized.put(name, out);
      return out;
    }
    throw new IllegalStateException("value '" + name + "' is constant at one batch size only");
  }

  /** The common [1, ...] slice if a is it repeated BATCHES[0] times and b BATCHES[1] times. */
  private static double[] batchRepeatedSlice(Const a, Const b) {
    int[] sa = a.shape(), sb = b.shape();
    if (sa.length == 0 || sa.length != sb.length || sa[0] != BATCHES[0] || sb[0] != BATCHES[1]) return null;
    if (!Arrays.equals(Arrays.copyOfRange(sa, 1, sa.length), Arrays.copyOfRange(sb, 1, sb.length))) return null;
    int per = a.data().length / sa[0];
    double[] slice = Arrays.copyOf(a.data(), per);
    for (Const c : List.of(a, b))
      for (int k = 0; k < c.data().length; k++) if (Double.compare(c.data()[k], slice[k % per]) != 0) return null;
    return slice;
  }

  /**
   * Builds [batch, d1, ...] filled with a constant slice at run time: zeros of shape [batch, 1]
   * taken from the graph input (x reshaped to [batch, -1], first column, times 0; the runtime
   * rejects NaN and infinite inputs, so the product is exactly 0) reshaped to [batch, 1, ..., 1]
   * and added to the [1, d1, ...] slice. The broadcasting Add gives every op after it (Concat
   * included, which does not broadcast) a tensor with the real batch size.
   */
  private String batchBroadcast(OnnxNode n, String name, int[] shape, double[] slice) {
    String base = name + "/batch_broadcast";
    if (batchZeros == null) {
      String flat = fresh(batchSource + "/batch_flat"), col = fresh(batchSource + "/batch_column");
      String zero = initializer(fresh(batchSource + "/batch_zero"), new Const(new int[0], new double[] {0}, false));
      batchZeros = fresh(batchSource + "/batch_zeros");
      emit(n, new Node(nodeName(flat), new Op.Reshape(new long[] {0, -1}), List.of(batchSource), List.of(flat)));
      emit(n, new Node(nodeName(col), new Op.Slice(new long[] {0}, new long[] {1}, new int[] {1}, new long[] {1}), List.of(flat), List.of(col)));
      emit(n, new Node(nodeName(batchZeros), new Op.Mul(), List.of(col, zero), List.of(batchZeros)));
    }
    long[] target = new long[shape.length];
    Arrays.fill(target, 1);
    target[0] = 0;
    int[] sliceShape = shape.clone();
    sliceShape[0] = 1;
    String column = fresh(base + "_zeros");
    String value = initializer(fresh(base + "_value"), new Const(sliceShape, slice, false));
    String out = fresh(base);
    emit(n, new Node(nodeName(column), new Op.Reshape(target), List.of(batchZeros), List.of(column)));
    emit(n, new Node(nodeName(out), new Op.Add(), List.of(column, value), List.of(out)));
    return out;
  }
}
