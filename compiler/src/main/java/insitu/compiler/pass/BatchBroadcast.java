package insitu.compiler.pass;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a constant that repeats along the batch (the same slice for every sample) at run time,
 * with the batch size of the actual input: the runtime graph has no symbolic dims, only the input's.
 *
 * <p>How: zeros of shape [batch, 1] taken from the graph input (x reshaped to [batch, -1], first
 * column, times 0; the runtime rejects NaN and infinite inputs, so the product is exactly 0),
 * reshaped to [batch, 1, ..., 1] and added to the [1, d1, ...] slice. The broadcasting Add gives
 * every op after it (Concat included, which does not broadcast) a tensor with the real batch size.
 */
final class BatchBroadcast {
  private final EvaluateConstants.Lowering l;
  private final String batchSource;
  private final Map<String, String> materialized = new HashMap<>();
  private String batchZeros;

  BatchBroadcast(EvaluateConstants.Lowering lowering, String batchSource) {
    this.l = lowering;
    this.batchSource = batchSource;
  }

  /** The run-time value equal to constant {@code name} at every batch size, or a refusal if it is not a repeated slice. */
  String materialize(Node n, String name) {
    String done = materialized.get(name);
    if (done != null) return done;
    Tensor a = l.traces.constantAt(0, name), b = l.traces.constantAt(1, name);
    double[] slice = repeatedSlice(a, b);
    if (slice == null)
      throw l.unit.error(n, "input '" + name + "' is computed from the batch size in a way insitu cannot reproduce at run time");
    String out = build(name, a.shape(), slice);
    materialized.put(name, out);
    return out;
  }

  /** The common [1, ...] slice if a is it repeated BATCHES[0] times and b BATCHES[1] times, else null. */
  private static double[] repeatedSlice(Tensor a, Tensor b) {
    int[] sa = a.shape(), sb = b.shape();
    if (sa.length == 0 || sa.length != sb.length || sa[0] != Traces.BATCHES[0] || sb[0] != Traces.BATCHES[1]) return null;
    if (!Arrays.equals(Arrays.copyOfRange(sa, 1, sa.length), Arrays.copyOfRange(sb, 1, sb.length))) return null;
    int per = a.data().length / sa[0];
    double[] slice = Arrays.copyOf(a.data(), per);
    for (Tensor c : List.of(a, b))
      for (int k = 0; k < c.data().length; k++) if (Double.compare(c.data()[k], slice[k % per]) != 0) return null;
    return slice;
  }

  private String build(String name, int[] shape, double[] slice) {
    String base = name + "/batch_broadcast";
    if (batchZeros == null) {
      String flat = l.fresh(batchSource + "/batch_flat"), col = l.fresh(batchSource + "/batch_column");
      String zero = l.register(l.fresh(batchSource + "/batch_zero"), new Tensor(new int[0], new double[] {0}));
      batchZeros = l.fresh(batchSource + "/batch_zeros");
      l.emit(new Node(flat, new Op.Reshape(new long[] {0, -1}), List.of(batchSource), List.of(flat)));
      l.emit(new Node(col, new Op.Slice(new long[] {0}, new long[] {1}, new int[] {1}, new long[] {1}), List.of(flat), List.of(col)));
      l.emit(new Node(batchZeros, new Op.Mul(), List.of(col, zero), List.of(batchZeros)));
    }
    long[] target = new long[shape.length];
    Arrays.fill(target, 1);
    target[0] = 0;
    int[] sliceShape = shape.clone();
    sliceShape[0] = 1;
    String column = l.fresh(base + "_zeros");
    String value = l.register(l.fresh(base + "_value"), new Tensor(sliceShape, slice));
    String out = l.fresh(base);
    l.emit(new Node(column, new Op.Reshape(target), List.of(batchZeros), List.of(column)));
    l.emit(new Node(out, new Op.Add(), List.of(column, value), List.of(out)));
    return out;
  }
}
