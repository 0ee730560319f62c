package insitu.compiler.ir.eval;

import insitu.compiler.ir.IndexMaps;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.PeripheryShapes;
import insitu.compiler.ir.Shapes;
import insitu.compiler.ir.Tensor;
import java.util.List;

/**
 * Compile-time evaluation of the digital periphery's ops added for issue 16, through the same
 * forward math the runtime kernels use ({@link Reductions}, {@link Normalizations},
 * {@link Windows}, {@link IndexMaps}, {@link insitu.compiler.ir.UnaryFunction}).
 */
final class PeripheryEvaluator {
  private PeripheryEvaluator() {}

  /** The op's outputs, or null if it is not one of these ops. */
  static List<Tensor> evaluate(Op op, List<Tensor> in) {
    Tensor x = in.get(0);
    int[] s = x.shape();
    double[] v = x.data();
    if (op instanceof Op.Unary u) {
      double[] y = new double[v.length];
      for (int i = 0; i < y.length; i++) y[i] = u.fn().apply(v[i], u.alpha(), u.beta());
      return List.of(new Tensor(s, y));
    }
    if (op instanceof Op.Pow) return List.of(binary(x, in.get(1), true));
    if (op instanceof Op.PRelu) {
      PeripheryShapes.prelu(s, in.get(1).shape());
      return List.of(binary(x, in.get(1), false));
    }
    if (op instanceof Op.LRN l) return List.of(new Tensor(s, Normalizations.lrn(l, v, Normalizations.lrnBase(l, v, s))));
    if (op instanceof Op.InstanceNormalization n) {
      PeripheryShapes.instanceNorm(s, in.stream().map(Tensor::shape).toList());
      double[][] stats = Normalizations.planeStatistics(v, s[0] * s[1], n.epsilon());
      return List.of(new Tensor(s, Normalizations.instanceNorm(v, s[1], stats, in.get(1).data(), in.get(2).data())));
    }
    if (op instanceof Op.Reduce r) {
      int[] os = PeripheryShapes.reduce(s, r.axes(), r.keepDims());
      double[] y = Reductions.reduce(r.kind(), v, Reductions.outputIndex(s, r.axes()), Shapes.size(os), Reductions.groupSize(s, r.axes()), null);
      return List.of(new Tensor(os, y));
    }
    if (op instanceof Op.Tile t) return List.of(take(x, PeripheryShapes.tile(s, t.repeats()), IndexMaps.tile(s, t.repeats())));
    if (op instanceof Op.Expand e) return List.of(take(x, PeripheryShapes.expand(s, e.shape()), IndexMaps.expand(s, e.shape())));
    if (op instanceof Op.Pooling p) {
      Windows.PoolTable t = Windows.pooling(p, s);
      return List.of(new Tensor(t.outShape(), Windows.pool(p, t, v, null)));
    }
    if (op instanceof Op.Col2Im c) {
      int[] os = PeripheryShapes.col2im(c, s, in.size() > 1 ? in.get(1).shape() : null);
      return List.of(new Tensor(os, Windows.col2im(Windows.col2imTargets(c, s), v, os, in.size() > 1 ? in.get(1).data() : null)));
    }
    return null;
  }

  /** x^y (pow) or PRelu's x ≥ 0 ? x : slope·x, broadcasting. */
  private static Tensor binary(Tensor a, Tensor b, boolean pow) {
    int[] os = OpShapes.broadcast(a.shape(), b.shape());
    int[] ia = IndexMaps.broadcastSource(os, a.shape()), ib = IndexMaps.broadcastSource(os, b.shape());
    double[] y = new double[ia.length];
    for (int i = 0; i < y.length; i++) {
      double u = a.data()[ia[i]], w = b.data()[ib[i]];
      y[i] = pow ? StrictMath.pow(u, w) : u >= 0 ? u : w * u;
    }
    return new Tensor(os, y, pow && a.integer() && b.integer());
  }

  private static Tensor take(Tensor x, int[] shape, int[] src) {
    double[] y = new double[src.length];
    for (int k = 0; k < y.length; k++) y[k] = x.data()[src[k]];
    return new Tensor(shape, y, x.integer());
  }
}
