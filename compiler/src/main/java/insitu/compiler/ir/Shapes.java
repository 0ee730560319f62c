package insitu.compiler.ir;

import java.util.Arrays;

/** Shape arithmetic shared by the compiler's shape rules and the runtime's kernels. */
public final class Shapes {
  private Shapes() {}

  /** Number of values of a shape; refuses more than an array can hold. */
  public static int size(int[] shape) {
    long n = 1;
    for (int d : shape) n *= d;
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of " + n + " values is too large");
    return (int) n;
  }

  /** Row-major strides of a shape. */
  public static int[] strides(int[] s) {
    int[] st = new int[s.length];
    int k = 1;
    for (int i = s.length - 1; i >= 0; i--) {
      st[i] = k;
      k *= s[i];
    }
    return st;
  }

  /** Calls back with every multi-index of {@code shape} in row-major order; the result per index (an index map). */
  public static int[] indexMap(int[] shape, java.util.function.ToIntFunction<int[]> f) {
    int n = size(shape);
    int[] res = new int[n], idx = new int[shape.length];
    for (int k = 0; k < n; k++) {
      res[k] = f.applyAsInt(idx);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return res;
  }

  /** An axis in [0, rank), negative counting from the end. */
  public static int axis(long axis, int rank, String what) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) throw new IllegalArgumentException(what + " axis " + axis + " is out of range for rank " + rank);
    return (int) a;
  }

  /** NumPy broadcasting of two shapes. */
  public static int[] broadcast(int[] s, int[] t) {
    int n = Math.max(s.length, t.length);
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      int ds = i - (n - s.length) >= 0 ? s[i - (n - s.length)] : 1;
      int dt = i - (n - t.length) >= 0 ? t[i - (n - t.length)] : 1;
      if (ds != dt && ds != 1 && dt != 1)
        throw new IllegalArgumentException("shapes " + Arrays.toString(s) + " and " + Arrays.toString(t) + " do not broadcast");
      r[i] = Math.max(ds, dt);
    }
    return r;
  }

  /** Start, step and length per axis of a Slice on a given shape. */
  public record SliceBox(int[] start, int[] step, int[] shape) {}

  public static SliceBox slice(int[] s, Op.Slice sl) {
    int r = s.length;
    int[] start = new int[r], step = new int[r], os = s.clone();
    Arrays.fill(step, 1);
    int[] axes = sl.axes();
    for (int k = 0; k < sl.starts().length; k++) {
      int a = axis(axes.length > 0 ? axes[k] : k, r, "Slice");
      long st = sl.steps().length > 0 ? sl.steps()[k] : 1;
      if (st == 0) throw new IllegalArgumentException("Slice step 0");
      long b = sl.starts()[k], e = sl.ends()[k], d = s[a];
      if (b < 0) b += d;
      if (e < 0) e += d;
      if (st > 0) {
        b = Math.max(0, Math.min(d, b));
        e = Math.max(0, Math.min(d, e));
        os[a] = (int) Math.max(0, (e - b + st - 1) / st);
      } else {
        b = Math.max(-1, Math.min(d - 1, b));
        e = Math.max(-1, Math.min(d - 1, e));
        os[a] = (int) Math.max(0, (b - e + (-st) - 1) / (-st));
      }
      start[a] = (int) b;
      step[a] = (int) st;
    }
    return new SliceBox(start, step, os);
  }
}
