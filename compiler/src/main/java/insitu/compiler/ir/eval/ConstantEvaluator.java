package insitu.compiler.ir.eval;

import static insitu.compiler.ir.Shapes.size;
import static insitu.compiler.ir.Shapes.strides;

import insitu.compiler.ir.IndexMaps;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.Shapes;
import insitu.compiler.ir.StepFunctions;
import insitu.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Evaluates IR ops on constants at compile time: the shape arithmetic PyTorch exports (Gather,
 * Concat, Slice, Unsqueeze, ...), weight rearrangements (Transpose of an initializer) and whatever
 * else is computable before the model runs (a Conv of a zero initial state). Uses {@link OpShapes}
 * for shapes, so folding and the runtime agree on semantics. The compiler cannot use the runtime's
 * kernels (it must not depend on edge-runtime), hence these small ones. Problems are
 * {@link IllegalArgumentException}s that the caller prefixes with the node.
 */
public final class ConstantEvaluator {
  private ConstantEvaluator() {}

  /** The op's outputs on constant inputs. */
  public static List<Tensor> evaluate(Op op, List<Tensor> in) {
    List<int[]> shapes = new ArrayList<>();
    for (Tensor c : in) shapes.add(c.shape());
    if (op instanceof Op.Constant c) return List.of(c.value());
    List<Tensor> dense = DenseEvaluator.evaluate(op, in);
    if (dense != null) return dense;
    Tensor x = in.get(0);
    if (op instanceof Op.Add || op instanceof Op.Sub || op instanceof Op.Mul || op instanceof Op.Div)
      return List.of(arithmetic(op, x, in.get(1)));
    if (op instanceof Op.Relu) return List.of(map(x, v -> Math.max(0, v)));
    if (op instanceof Op.LeakyRelu l) return List.of(map(x, v -> v >= 0 ? v : l.alpha() * v));
    if (op instanceof Op.Sigmoid) return List.of(map(x, v -> 1 / (1 + StrictMath.exp(-v))));
    if (op instanceof Op.Tanh) return List.of(map(x, StrictMath::tanh));
    if (op instanceof Op.StepFunction s) return List.of(map(x, v -> StepFunctions.apply(s.kind(), v)));
    if (op instanceof Op.Clip c) return List.of(map(x, v -> Math.max(c.min(), Math.min(c.max(), v))));
    if (op instanceof Op.Identity) return List.of(x);
    if (op instanceof Op.Flatten || op instanceof Op.Reshape || op instanceof Op.Squeeze || op instanceof Op.Unsqueeze)
      return List.of(new Tensor(OpShapes.infer(op, shapes).get(0), x.data(), x.integer()));
    if (op instanceof Op.Transpose t) return List.of(transpose(x, t.perm()));
    if (op instanceof Op.Slice s) return List.of(slice(x, s));
    if (op instanceof Op.Gather g) return List.of(gather(x, g));
    if (op instanceof Op.Pad p) return List.of(pad(x, p));
    if (op instanceof Op.Concat c) return List.of(concat(in, c.axis()));
    if (op instanceof Op.Split s) return split(x, s);
    List<Tensor> periphery = PeripheryEvaluator.evaluate(op, in);
    if (periphery != null) return periphery;
    throw new IllegalArgumentException(op.type() + " cannot be evaluated at compile time");
  }

  private static Tensor map(Tensor x, DoubleUnaryOperator f) {
    double[] r = new double[x.data().length];
    for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(x.data()[i]);
    return new Tensor(x.shape(), r, false);
  }

  private static Tensor arithmetic(Op op, Tensor a, Tensor b) {
    int[] shape = OpShapes.broadcast(a.shape(), b.shape());
    int[] ia = sourceIndex(shape, a.shape()), ib = sourceIndex(shape, b.shape());
    boolean integer = a.integer() && b.integer();
    int fn = op instanceof Op.Add ? 0 : op instanceof Op.Sub ? 1 : op instanceof Op.Mul ? 2 : 3;
    double[] p = a.data(), q = b.data(), r = new double[ia.length];
    for (int i = 0; i < r.length; i++) {
      double u = p[ia[i]], v = q[ib[i]];
      r[i] = switch (fn) {
        case 0 -> u + v;
        case 1 -> u - v;
        case 2 -> u * v;
        default -> integer ? integerDivide(u, v) : u / v;
      };
    }
    return new Tensor(shape, r, integer);
  }

  private static double integerDivide(double u, double v) {
    if (v == 0) throw new IllegalArgumentException("integer division by zero");
    // ONNX (like C) truncates toward zero.
    return (double) ((long) u / (long) v);
  }

  /** For every element of {@code outShape}, the index of the broadcast source element. */
  public static int[] sourceIndex(int[] outShape, int[] src) {
    return IndexMaps.broadcastSource(outShape, src);
  }

  private static int[] indexMap(int[] shape, java.util.function.ToIntFunction<int[]> f) {
    return Shapes.indexMap(shape, f);
  }

  private static Tensor take(Tensor x, int[] shape, int[] src, double fill) {
    double[] r = new double[src.length];
    for (int k = 0; k < r.length; k++) r[k] = src[k] < 0 ? fill : x.data()[src[k]];
    return new Tensor(shape, r, x.integer());
  }

  private static Tensor transpose(Tensor x, int[] perm) {
    int[] os = OpShapes.transpose(x.shape(), perm), st = strides(x.shape());
    return take(x, os, indexMap(os, idx -> {
      int k = 0;
      for (int i = 0; i < idx.length; i++) k += idx[i] * st[perm[i]];
      return k;
    }), 0);
  }

  private static Tensor slice(Tensor x, Op.Slice s) {
    Shapes.SliceBox box = OpShapes.slice(x.shape(), s);
    int[] st = strides(x.shape());
    return take(x, box.shape(), indexMap(box.shape(), idx -> {
      int k = 0;
      for (int i = 0; i < idx.length; i++) k += (box.start()[i] + idx[i] * box.step()[i]) * st[i];
      return k;
    }), 0);
  }

  private static Tensor gather(Tensor x, Op.Gather g) {
    int[] s = x.shape(), os = OpShapes.gather(s, g);
    int a = Shapes.axis(g.axis(), s.length, "Gather");
    int outer = 1, inner = 1;
    for (int i = 0; i < a; i++) outer *= s[i];
    for (int i = a + 1; i < s.length; i++) inner *= s[i];
    long[] ind = g.indices();
    int[] src = new int[size(os)];
    int k = 0;
    for (int o = 0; o < outer; o++)
      for (long i0 : ind) {
        long ix = i0 < 0 ? i0 + s[a] : i0;
        for (int i = 0; i < inner; i++) src[k++] = (int) ((o * (long) s[a] + ix) * inner + i);
      }
    return take(x, os, src, 0);
  }

  private static Tensor pad(Tensor x, Op.Pad p) {
    return take(x, OpShapes.pad(x.shape(), p), IndexMaps.pad(x.shape(), p), p.value());
  }

  private static Tensor concat(List<Tensor> in, int axisIn) {
    List<int[]> shapes = in.stream().map(Tensor::shape).toList();
    int[] os = OpShapes.concat(shapes, axisIn);
    int a = Shapes.axis(axisIn, os.length, "Concat");
    int outer = 1;
    for (int i = 0; i < a; i++) outer *= os[i];
    double[] r = new double[size(os)];
    int k = 0;
    boolean integer = true;
    for (int o = 0; o < outer; o++)
      for (Tensor c : in) {
        int chunk = c.data().length / Math.max(outer, 1);
        System.arraycopy(c.data(), o * chunk, r, k, chunk);
        k += chunk;
      }
    for (Tensor c : in) integer &= c.integer();
    return new Tensor(os, r, integer);
  }

  private static List<Tensor> split(Tensor x, Op.Split s) {
    int[] shape = x.shape();
    int a = Shapes.axis(s.axis(), shape.length, "Split");
    List<Tensor> out = new ArrayList<>();
    int from = 0;
    for (int[] os : OpShapes.split(shape, s.axis(), s.sizes())) {
      long[] starts = {from}, ends = {from + os[a]};
      out.add(slice(x, new Op.Slice(starts, ends, new int[] {a}, new long[] {1})));
      from += os[a];
    }
    return out;
  }
}
