package insitu.runtime.ops;

import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/** Add, Sub, Mul, Div and Pow with NumPy broadcasting; backward sums over the broadcast dimensions. */
public final class BroadcastKernel implements Kernel {
  /** The arithmetic ops. */
  public enum Fn { ADD, SUB, MUL, DIV, POW }

  private final String name;
  private final Fn fn;
  private final int a, b, out;
  private int[] aIdx, bIdx; // per output element, the source element (cached per shape)
  private int[] cachedShapeA, cachedShapeB;
  private boolean sameShapes; // no broadcasting: element i of both operands makes element i
  private boolean powExponentGrad;

  public BroadcastKernel(String name, Fn fn, int a, int b, int out) {
    this.name = name;
    this.fn = fn;
    this.a = a;
    this.b = b;
    this.out = out;
  }

  static int[] broadcastShape(int[] s, int[] t, String where) {
    try {
      return insitu.compiler.ir.Shapes.broadcast(s, t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  /** For every element of {@code outShape}, the index of the element of {@code src} it reads. */
  static int[] sourceIndex(int[] outShape, int[] src) {
    int n = NDArray.sizeOf(outShape), rank = outShape.length, off = rank - src.length;
    int[] strides = new int[rank];
    int s = 1;
    for (int i = src.length - 1; i >= 0; i--) {
      strides[i + off] = src[i] == 1 ? 0 : s;
      s *= src[i];
    }
    int[] idx = new int[n], counter = new int[rank];
    int cur = 0;
    for (int k = 0; k < n; k++) {
      idx[k] = cur;
      for (int d = rank - 1; d >= 0; d--) {
        counter[d]++;
        cur += strides[d];
        if (counter[d] < outShape[d]) break;
        cur -= strides[d] * counter[d];
        counter[d] = 0;
      }
    }
    return idx;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(a), y = f.value(b);
    int[] shape = broadcastShape(x.shape(), y.shape(), describe());
    if (!java.util.Arrays.equals(x.shape(), cachedShapeA) || !java.util.Arrays.equals(y.shape(), cachedShapeB)) {
      aIdx = sourceIndex(shape, x.shape());
      bIdx = sourceIndex(shape, y.shape());
      cachedShapeA = x.shape().clone();
      cachedShapeB = y.shape().clone();
      sameShapes = java.util.Arrays.equals(x.shape(), y.shape());
    }
    double[] p = x.data(), q = y.data(), r = new double[aIdx.length];
    if (sameShapes) {
      // One index for every array: the JIT vectorizes these (same operations as the indexed loops).
      switch (fn) {
        case ADD -> { for (int i = 0; i < r.length; i++) r[i] = p[i] + q[i]; }
        case SUB -> { for (int i = 0; i < r.length; i++) r[i] = p[i] - q[i]; }
        case MUL -> { for (int i = 0; i < r.length; i++) r[i] = p[i] * q[i]; }
        case DIV -> { for (int i = 0; i < r.length; i++) r[i] = p[i] / q[i]; }
        case POW -> { for (int i = 0; i < r.length; i++) r[i] = StrictMath.pow(p[i], q[i]); }
      }
      f.set(out, new NDArray(shape, r));
      return;
    }
    switch (fn) {
      case ADD -> { for (int i = 0; i < r.length; i++) r[i] = p[aIdx[i]] + q[bIdx[i]]; }
      case SUB -> { for (int i = 0; i < r.length; i++) r[i] = p[aIdx[i]] - q[bIdx[i]]; }
      case MUL -> { for (int i = 0; i < r.length; i++) r[i] = p[aIdx[i]] * q[bIdx[i]]; }
      case DIV -> { for (int i = 0; i < r.length; i++) r[i] = p[aIdx[i]] / q[bIdx[i]]; }
      case POW -> { for (int i = 0; i < r.length; i++) r[i] = StrictMath.pow(p[aIdx[i]], q[bIdx[i]]); }
    }
    f.set(out, new NDArray(shape, r));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null) return;
    double[] g = gy.data(), p = f.value(a).data(), q = f.value(b).data();
    double[] ga = f.gradBuffer(a), gb = f.gradBuffer(b);
    powExponentGrad = f.needsGrad(b);
    if (sameShapes) {
      // Element i of each gradient takes its a-term, then its b-term (as below, even when a and b
      // are the same slot), so two passes with one index each give the same sums.
      // An input that needs no gradient gets none computed (its buffer is a sink, never read).
      if (f.needsGrad(a))
        switch (fn) {
          case ADD, SUB -> { for (int i = 0; i < g.length; i++) ga[i] += g[i]; }
          case MUL -> { for (int i = 0; i < g.length; i++) ga[i] += g[i] * q[i]; }
          case DIV -> { for (int i = 0; i < g.length; i++) ga[i] += g[i] / q[i]; }
          case POW -> { for (int i = 0; i < g.length; i++) ga[i] += g[i] * q[i] * StrictMath.pow(p[i], q[i] - 1); }
        }
      if (f.needsGrad(b))
        switch (fn) {
          case ADD -> { for (int i = 0; i < g.length; i++) gb[i] += g[i]; }
          case SUB -> { for (int i = 0; i < g.length; i++) gb[i] -= g[i]; }
          case MUL -> { for (int i = 0; i < g.length; i++) gb[i] += g[i] * p[i]; }
          case DIV -> { for (int i = 0; i < g.length; i++) gb[i] -= g[i] * p[i] / (q[i] * q[i]); }
          case POW -> { for (int i = 0; i < g.length; i++) gb[i] += g[i] * StrictMath.pow(p[i], q[i]) * StrictMath.log(p[i]); }
        }
      return;
    }
    for (int i = 0; i < g.length; i++) {
      int ia = aIdx[i], ib = bIdx[i];
      switch (fn) {
        case ADD -> { ga[ia] += g[i]; gb[ib] += g[i]; }
        case SUB -> { ga[ia] += g[i]; gb[ib] -= g[i]; }
        case MUL -> { ga[ia] += g[i] * q[ib]; gb[ib] += g[i] * p[ia]; }
        case DIV -> { ga[ia] += g[i] / q[ib]; gb[ib] -= g[i] * p[ia] / (q[ib] * q[ib]); }
        // The exponent's gradient only where it is wanted: a constant exponent of a negative base has none.
        case POW -> {
          ga[ia] += g[i] * q[ib] * StrictMath.pow(p[ia], q[ib] - 1);
          if (powExponentGrad) gb[ib] += g[i] * StrictMath.pow(p[ia], q[ib]) * StrictMath.log(p[ia]);
        }
      }
    }
  }

  @Override public String describe() {
    return name + " (" + fn + ")";
  }
}
