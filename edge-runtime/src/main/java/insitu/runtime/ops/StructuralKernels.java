package insitu.runtime.ops;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * Kernels that move or normalize data: Softmax, LogSoftmax, Transpose, Concat, Split, Slice,
 * Gather, Pad. Each is written as a gather from the input (an index per output element), so the
 * backward is the matching scatter-add.
 */
final class StructuralKernels {
  private StructuralKernels() {}

  static Kernel of(Node n, int[] in, int[] out) {
    Op op = n.op();
    if (op instanceof Op.Softmax s) return new SoftmaxKernel(n.name(), s.axis(), false, in[0], out[0]);
    if (op instanceof Op.LogSoftmax s) return new SoftmaxKernel(n.name(), s.axis(), true, in[0], out[0]);
    if (op instanceof Op.Transpose t) return new GatherKernel(n.name(), in[0], out[0], s -> transpose(s, t.perm()));
    if (op instanceof Op.Slice sl) return new GatherKernel(n.name(), in[0], out[0], s -> slice(s, sl));
    if (op instanceof Op.Gather g) return new GatherKernel(n.name(), in[0], out[0], s -> gather(s, g));
    if (op instanceof Op.Pad p) return new GatherKernel(n.name(), in[0], out[0], s -> pad(s, p.pads())).withFill(p.value());
    if (op instanceof Op.Concat c) return new ConcatKernel(n.name(), c.axis(), in, out[0]);
    if (op instanceof Op.Split sp) return new SplitKernel(n.name(), sp.axis(), sp.sizes(), in[0], out);
    return null;
  }

  /** An index map: output shape and, per output element, the input element (or −1 for fill). */
  record IndexMap(int[] shape, int[] source) {}

  static int[] stridesOf(int[] s) {
    return insitu.compiler.ir.Shapes.strides(s);
  }

  /** Calls back with every multi-index of shape in row-major order. */
  static int[] forEachIndex(int[] shape, java.util.function.ToIntFunction<int[]> f) {
    return insitu.compiler.ir.Shapes.indexMap(shape, f);
  }

  static IndexMap transpose(int[] s, int[] perm) {
    int[] p = perm.length == 0 ? reversed(s.length) : perm;
    int[] os = new int[s.length];
    for (int i = 0; i < s.length; i++) os[i] = s[p[i]];
    int[] st = stridesOf(s);
    return new IndexMap(os, forEachIndex(os, idx -> {
      int src = 0;
      for (int i = 0; i < idx.length; i++) src += idx[i] * st[p[i]];
      return src;
    }));
  }

  private static int[] reversed(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = n - 1 - i;
    return p;
  }

  static IndexMap slice(int[] s, Op.Slice sl) {
    insitu.compiler.ir.Shapes.SliceBox box = insitu.compiler.ir.Shapes.slice(s, sl);
    int[] start = box.start(), step = box.step(), st = stridesOf(s);
    int r = s.length;
    return new IndexMap(box.shape(), forEachIndex(box.shape(), idx -> {
      int src = 0;
      for (int i = 0; i < r; i++) src += (start[i] + idx[i] * step[i]) * st[i];
      return src;
    }));
  }

  static IndexMap gather(int[] s, Op.Gather g) {
    int a = ShapeOps.norm(g.axis(), s.length);
    long[] ind = g.indices();
    int[] os;
    if (g.scalarIndex()) {
      os = new int[s.length - 1];
      for (int i = 0, j = 0; i < s.length; i++) if (i != a) os[j++] = s[i];
    } else {
      os = s.clone();
      os[a] = ind.length;
    }
    int[] outerDimInner = ShapeOps.outerDimInner(s, a);
    int inner = outerDimInner[2];
    int count = g.scalarIndex() ? 1 : ind.length;
    int[] src = new int[NDArray.sizeOf(os)];
    int k = 0;
    for (int o = 0; o < outerDimInner[0]; o++)
      for (int c = 0; c < count; c++) {
        long ix = ind[c] < 0 ? ind[c] + s[a] : ind[c];
        if (ix < 0 || ix >= s[a]) throw new IllegalArgumentException("Gather index " + ind[c] + " out of range for dim " + s[a]);
        for (int i = 0; i < inner; i++) src[k++] = o * s[a] * inner + (int) ix * inner + i;
      }
    return new IndexMap(os, src);
  }

  static IndexMap pad(int[] s, long[] pads) {
    int r = s.length;
    int[] os = new int[r], before = new int[r];
    for (int i = 0; i < r; i++) {
      before[i] = (int) pads[i];
      os[i] = s[i] + (int) pads[i] + (int) pads[i + r];
    }
    int[] st = stridesOf(s);
    return new IndexMap(os, forEachIndex(os, idx -> {
      int src = 0;
      for (int i = 0; i < r; i++) {
        int j = idx[i] - before[i];
        if (j < 0 || j >= s[i]) return -1;
        src += j * st[i];
      }
      return src;
    }));
  }

  /** y[k] = x[source[k]] (or a fill value); backward scatters. Index maps are cached per input shape. */
  static final class GatherKernel extends SlotKernel {
    private final java.util.function.Function<int[], IndexMap> mapper;
    private double fill;
    private int[] cachedShape;
    private IndexMap map;

    GatherKernel(String name, int in, int out, java.util.function.Function<int[], IndexMap> mapper) {
      super(name, in, out);
      this.mapper = mapper;
    }

    GatherKernel withFill(double v) {
      fill = v;
      return this;
    }

    @Override public void forward(Frame f) {
      NDArray x = f.value(in);
      if (!java.util.Arrays.equals(x.shape(), cachedShape)) {
        map = mapper.apply(x.shape());
        cachedShape = x.shape().clone();
      }
      int[] src = map.source();
      double[] a = x.data(), y = new double[src.length];
      for (int k = 0; k < y.length; k++) y[k] = src[k] < 0 ? fill : a[src[k]];
      f.set(out, new NDArray(map.shape().clone(), y));
    }

    @Override public void backward(Frame f) {
      NDArray g = f.grad(out);
      if (g == null) return;
      double[] gx = f.gradBuffer(in), gy = g.data();
      int[] src = map.source();
      for (int k = 0; k < gy.length; k++) if (src[k] >= 0) gx[src[k]] += gy[k];
    }

    @Override public String describe() {
      return name;
    }
  }

  static final class SoftmaxKernel extends SlotKernel {
    private final int axis;
    private final boolean log;

    SoftmaxKernel(String name, int axis, boolean log, int in, int out) {
      super(name, in, out);
      this.axis = axis;
      this.log = log;
    }

    @Override public void forward(Frame f) {
      NDArray x = f.value(in);
      int[] odi = ShapeOps.outerDimInner(x.shape(), ShapeOps.norm(axis, x.rank()));
      double[] a = x.data(), y = new double[a.length];
      int d = odi[1], inner = odi[2];
      for (int o = 0; o < odi[0]; o++)
        for (int i = 0; i < inner; i++) {
          int base = o * d * inner + i;
          double m = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < d; c++) m = Math.max(m, a[base + c * inner]);
          double s = 0;
          for (int c = 0; c < d; c++) s += StrictMath.exp(a[base + c * inner] - m);
          double ls = StrictMath.log(s);
          for (int c = 0; c < d; c++) {
            double z = a[base + c * inner] - m - ls;
            y[base + c * inner] = log ? z : StrictMath.exp(z);
          }
        }
      f.set(out, new NDArray(x.shape(), y));
    }

    @Override public void backward(Frame f) {
      NDArray gy = f.grad(out);
      if (gy == null) return;
      NDArray yv = f.value(out);
      int[] odi = ShapeOps.outerDimInner(yv.shape(), ShapeOps.norm(axis, yv.rank()));
      double[] g = gy.data(), y = yv.data(), gx = f.gradBuffer(in);
      int d = odi[1], inner = odi[2];
      for (int o = 0; o < odi[0]; o++)
        for (int i = 0; i < inner; i++) {
          int base = o * d * inner + i;
          double dot = 0;
          for (int c = 0; c < d; c++) dot += log ? g[base + c * inner] : g[base + c * inner] * y[base + c * inner];
          for (int c = 0; c < d; c++) {
            int k = base + c * inner;
            gx[k] += log ? g[k] - StrictMath.exp(y[k]) * dot : y[k] * (g[k] - dot);
          }
        }
    }

    @Override public String describe() {
      return name + (log ? " (LogSoftmax)" : " (Softmax)");
    }
  }

  static final class ConcatKernel implements Kernel {
    private final String name;
    private final int axis, out;
    private final int[] in;

    ConcatKernel(String name, int axis, int[] in, int out) {
      this.name = name;
      this.axis = axis;
      this.in = in;
      this.out = out;
    }

    @Override public void forward(Frame f) {
      NDArray first = f.value(in[0]);
      int a = ShapeOps.norm(axis, first.rank());
      int[] os = first.shape().clone();
      os[a] = 0;
      for (int s : in) {
        NDArray x = f.value(s);
        for (int i = 0; i < os.length; i++)
          if (i != a && x.dim(i) != os[i])
            throw new IllegalArgumentException("Concat inputs differ in dim " + i + ": " + java.util.Arrays.toString(x.shape()));
        os[a] += x.dim(a);
      }
      int[] odi = ShapeOps.outerDimInner(os, a);
      double[] y = new double[NDArray.sizeOf(os)];
      int off = 0;
      for (int s : in) {
        NDArray x = f.value(s);
        int chunk = x.dim(a) * odi[2];
        for (int o = 0; o < odi[0]; o++) System.arraycopy(x.data(), o * chunk, y, o * odi[1] * odi[2] + off, chunk);
        off += chunk;
      }
      f.set(out, new NDArray(os, y));
    }

    @Override public void backward(Frame f) {
      NDArray g = f.grad(out);
      if (g == null) return;
      int a = ShapeOps.norm(axis, g.rank());
      int[] odi = ShapeOps.outerDimInner(g.shape(), a);
      int off = 0;
      double[] gd = g.data();
      for (int s : in) {
        NDArray x = f.value(s);
        int chunk = x.dim(a) * odi[2];
        if (f.needsGrad(s)) {
          double[] fresh = f.gradBufferToOverwrite(s);
          if (fresh != null) {
            // Block copies, then 0.0 + value in place: exactly what adding into zeros gives.
            for (int o = 0; o < odi[0]; o++) System.arraycopy(gd, o * odi[1] * odi[2] + off, fresh, o * chunk, chunk);
            for (int k = 0; k < odi[0] * chunk; k++) fresh[k] = 0.0 + fresh[k];
          } else {
            double[] gx = f.gradBuffer(s);
            for (int o = 0; o < odi[0]; o++)
              for (int k = 0; k < chunk; k++) gx[o * chunk + k] += gd[o * odi[1] * odi[2] + off + k];
          }
        }
        off += chunk;
      }
    }

    @Override public String describe() {
      return name + " (Concat)";
    }
  }

  static final class SplitKernel implements Kernel {
    private final String name;
    private final int axis, in;
    private final int[] sizes, out;

    SplitKernel(String name, int axis, int[] sizes, int in, int[] out) {
      this.name = name;
      this.axis = axis;
      this.sizes = sizes;
      this.in = in;
      this.out = out;
    }

    private int[] sizesFor(int dim) {
      if (sizes.length > 0) return sizes;
      int[] s = new int[out.length];
      java.util.Arrays.fill(s, dim / out.length);
      return s;
    }

    @Override public void forward(Frame f) {
      NDArray x = f.value(in);
      int a = ShapeOps.norm(axis, x.rank());
      int[] odi = ShapeOps.outerDimInner(x.shape(), a);
      int[] sz = sizesFor(x.dim(a));
      int off = 0;
      for (int k = 0; k < out.length; k++) {
        int[] os = x.shape().clone();
        os[a] = sz[k];
        int chunk = sz[k] * odi[2];
        double[] y = new double[odi[0] * chunk];
        for (int o = 0; o < odi[0]; o++) System.arraycopy(x.data(), o * odi[1] * odi[2] + off, y, o * chunk, chunk);
        f.set(out[k], new NDArray(os, y));
        off += chunk;
      }
    }

    @Override public void backward(Frame f) {
      NDArray x = f.value(in);
      int a = ShapeOps.norm(axis, x.rank());
      int[] odi = ShapeOps.outerDimInner(x.shape(), a);
      int[] sz = sizesFor(x.dim(a));
      double[] gx = f.gradBuffer(in);
      int off = 0;
      for (int k = 0; k < out.length; k++) {
        int chunk = sz[k] * odi[2];
        NDArray g = f.grad(out[k]);
        if (g != null)
          for (int o = 0; o < odi[0]; o++)
            for (int j = 0; j < chunk; j++) gx[o * odi[1] * odi[2] + off + j] += g.data()[o * chunk + j];
        off += chunk;
      }
    }

    @Override public String describe() {
      return name + " (Split)";
    }
  }
}
