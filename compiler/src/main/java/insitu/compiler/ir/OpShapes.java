package insitu.compiler.ir;

import static insitu.compiler.ir.Shapes.axis;
import static insitu.compiler.ir.Shapes.size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Output shapes of IR ops from concrete input shapes, with the same semantics as the runtime
 * kernels. Constant evaluation and shape inference run it at two batch sizes, which is how they
 * learn which dims follow the batch. Problems are {@link IllegalArgumentException}s that the
 * passes prefix with the node.
 */
public final class OpShapes {
  private OpShapes() {}

  public static List<int[]> infer(Op op, List<int[]> in) {
    if (op instanceof Op.Constant c) return List.of(c.value().shape().clone());
    if (op instanceof Op.Unresolved u) throw new IllegalArgumentException(u.type() + " has no shape before it is resolved");
    int[] x = in.get(0);
    if (op instanceof Op.Conv c) return List.of(conv(c, x, in.get(1)));
    if (op instanceof Op.Gemm g) return List.of(gemm(g, x, in.get(1)));
    if (op instanceof Op.MatMul) return List.of(matMul(x, in.get(1)));
    if (op instanceof Op.Add || op instanceof Op.Sub || op instanceof Op.Mul || op instanceof Op.Div)
      return List.of(broadcast(x, in.get(1)));
    if (op instanceof Op.Relu || op instanceof Op.LeakyRelu || op instanceof Op.Sigmoid || op instanceof Op.Tanh || op instanceof Op.StepFunction
        || op instanceof Op.Clip || op instanceof Op.Identity) return List.of(x.clone());
    if (op instanceof Op.Softmax s) { axis(s.axis(), x.length, "Softmax"); return List.of(x.clone()); }
    if (op instanceof Op.LogSoftmax s) { axis(s.axis(), x.length, "LogSoftmax"); return List.of(x.clone()); }
    if (op instanceof Op.MaxPool p) return List.of(pool(x, p.kernel(), p.strides(), p.pads()));
    if (op instanceof Op.AveragePool p) return List.of(pool(x, p.kernel(), p.strides(), p.pads()));
    if (op instanceof Op.GlobalAveragePool) { rank4(x, "GlobalAveragePool"); return List.of(new int[] {x[0], x[1], 1, 1}); }
    if (op instanceof Op.Flatten f) return List.of(flatten(x, f.axis()));
    if (op instanceof Op.Reshape r) return List.of(reshape(x, r.shape()));
    if (op instanceof Op.Transpose t) return List.of(transpose(x, t.perm()));
    if (op instanceof Op.Concat c) return List.of(concat(in, c.axis()));
    if (op instanceof Op.Split s) return split(x, s.axis(), s.sizes());
    if (op instanceof Op.Slice s) return List.of(slice(x, s).shape());
    if (op instanceof Op.Squeeze s) return List.of(squeeze(x, s.axes()));
    if (op instanceof Op.Unsqueeze u) return List.of(unsqueeze(x, u.axes()));
    if (op instanceof Op.Gather g) return List.of(gather(x, g));
    if (op instanceof Op.Pad p) return List.of(pad(x, p));
    if (op instanceof Op.Im2Col c) return List.of(im2col(c, x));
    if (op instanceof Op.BatchNormalization) return List.of(batchNorm(x, in));
    List<int[]> periphery = PeripheryShapes.infer(op, in);
    if (periphery != null) return periphery;
    throw new IllegalArgumentException("no shape rule for " + op.type());
  }

  private static String str(int[] s) {
    return Arrays.toString(s);
  }

  private static void rank4(int[] x, String op) {
    if (x.length != 4) throw new IllegalArgumentException(op + " needs an NCHW input, got shape " + str(x));
  }

  public static int[] conv(Op.Conv c, int[] x, int[] w) {
    rank4(x, "Conv");
    if (w.length != 4) throw new IllegalArgumentException("Conv weight must be [Cout,Cin,kh,kw], got " + str(w));
    if (x[1] != w[1])
      throw new IllegalArgumentException("input has " + x[1] + " channels " + str(x) + ", the weight expects " + w[1]);
    int[] k = c.kernel(), s = c.strides(), p = c.pads(), d = c.dilations();
    int h = (x[2] + p[0] + p[2] - d[0] * (k[0] - 1) - 1) / s[0] + 1;
    int wd = (x[3] + p[1] + p[3] - d[1] * (k[1] - 1) - 1) / s[1] + 1;
    if (h < 1 || wd < 1) throw new IllegalArgumentException("input " + str(x) + " is smaller than the kernel " + str(k));
    return new int[] {x[0], w[0], h, wd};
  }

  public static int[] gemm(Op.Gemm g, int[] a, int[] b) {
    if (a.length != 2 || b.length != 2) throw new IllegalArgumentException("Gemm needs 2-D operands, got " + str(a) + " and " + str(b));
    int k = g.transA() ? a[0] : a[1];
    int kb = g.transB() ? b[1] : b[0];
    if (k != kb) throw new IllegalArgumentException("input " + str(a) + " has " + k + " features, the weight expects " + kb);
    return new int[] {g.transA() ? a[1] : a[0], g.transB() ? b[0] : b[1]};
  }

  public static int[] matMul(int[] a, int[] b) {
    if (a.length < 2 || b.length != 2)
      throw new IllegalArgumentException("MatMul needs an input of rank >= 2 and a 2-D weight, got " + str(a) + " and " + str(b));
    if (a[a.length - 1] != b[0])
      throw new IllegalArgumentException("input " + str(a) + " has " + a[a.length - 1] + " features, the weight expects " + b[0]);
    int[] r = a.clone();
    r[r.length - 1] = b[1];
    return r;
  }

  public static int[] broadcast(int[] s, int[] t) {
    return Shapes.broadcast(s, t);
  }

  public static int[] pool(int[] x, int[] k, int[] s, int[] p) {
    rank4(x, "pooling");
    int h = (x[2] + p[0] + p[2] - k[0]) / s[0] + 1;
    int w = (x[3] + p[1] + p[3] - k[1]) / s[1] + 1;
    if (h < 1 || w < 1) throw new IllegalArgumentException("input " + str(x) + " is smaller than the pooling window " + str(k));
    return new int[] {x[0], x[1], h, w};
  }

  public static int[] flatten(int[] x, int axisIn) {
    int a = axisIn < 0 ? axisIn + x.length : axisIn;
    if (a < 0 || a > x.length) throw new IllegalArgumentException("Flatten axis " + axisIn + " out of range for rank " + x.length);
    int p = 1, q = 1;
    for (int i = 0; i < x.length; i++) if (i < a) p *= x[i]; else q *= x[i];
    return new int[] {p, q};
  }

  /** ONNX Reshape (allowzero = 0): 0 copies the input dim, -1 takes what is left. */
  public static int[] reshape(int[] in, long[] target) {
    int[] r = new int[target.length];
    int infer = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (infer >= 0) throw new IllegalArgumentException("Reshape target " + Arrays.toString(target) + " has two -1");
        infer = i;
        continue;
      }
      if (target[i] == 0) {
        if (i >= in.length) throw new IllegalArgumentException("Reshape target " + Arrays.toString(target) + " copies dim " + i + " of " + str(in));
        r[i] = in[i];
      } else if (target[i] < 0) {
        throw new IllegalArgumentException("Reshape target " + Arrays.toString(target) + " has a negative dim");
      } else {
        r[i] = (int) target[i];
      }
      known *= r[i];
    }
    int n = size(in);
    if (infer >= 0) {
      if (known == 0 || n % known != 0)
        throw new IllegalArgumentException("cannot reshape " + str(in) + " to " + Arrays.toString(target));
      r[infer] = (int) (n / known);
    } else if (known != n) {
      throw new IllegalArgumentException("cannot reshape " + str(in) + " (" + n + " values) to " + Arrays.toString(target));
    }
    return r;
  }

  public static int[] transpose(int[] x, int[] perm) {
    if (perm.length != x.length) throw new IllegalArgumentException("Transpose perm " + str(perm) + " for rank " + x.length);
    int[] r = new int[x.length];
    boolean[] seen = new boolean[x.length];
    for (int i = 0; i < perm.length; i++) {
      int p = perm[i];
      if (p < 0 || p >= x.length || seen[p]) throw new IllegalArgumentException("Transpose perm " + str(perm) + " is not a permutation");
      seen[p] = true;
      r[i] = x[p];
    }
    return r;
  }

  public static int[] concat(List<int[]> in, int axisIn) {
    int[] first = in.get(0);
    int a = axis(axisIn, first.length, "Concat");
    int[] r = first.clone();
    for (int k = 1; k < in.size(); k++) {
      int[] s = in.get(k);
      if (s.length != first.length) throw new IllegalArgumentException("Concat of ranks " + first.length + " and " + s.length);
      for (int i = 0; i < s.length; i++)
        if (i != a && s[i] != first[i])
          throw new IllegalArgumentException("Concat on axis " + a + " of shapes " + str(first) + " and " + str(s));
      if (k > 0) r[a] += s[a];
    }
    return r;
  }

  public static List<int[]> split(int[] x, int axisIn, int[] sizes) {
    int a = axis(axisIn, x.length, "Split");
    int sum = 0;
    List<int[]> r = new ArrayList<>();
    for (int s : sizes) {
      sum += s;
      int[] o = x.clone();
      o[a] = s;
      r.add(o);
    }
    if (sum != x[a]) throw new IllegalArgumentException("Split sizes " + str(sizes) + " do not add up to dim " + x[a] + " of " + str(x));
    return r;
  }

  public static Shapes.SliceBox slice(int[] s, Op.Slice sl) {
    return Shapes.slice(s, sl);
  }

  public static int[] squeeze(int[] x, int[] axes) {
    boolean[] drop = new boolean[x.length];
    for (int a : axes) {
      int i = axis(a, x.length, "Squeeze");
      if (x[i] != 1) throw new IllegalArgumentException("Squeeze of axis " + a + " of size " + x[i] + " in " + str(x));
      drop[i] = true;
    }
    return java.util.stream.IntStream.range(0, x.length).filter(i -> !drop[i]).map(i -> x[i]).toArray();
  }

  public static int[] unsqueeze(int[] x, int[] axes) {
    int rank = x.length + axes.length;
    boolean[] ins = new boolean[rank];
    for (int a : axes) {
      int i = axis(a, rank, "Unsqueeze");
      if (ins[i]) throw new IllegalArgumentException("Unsqueeze axes " + str(axes) + " repeat an axis");
      ins[i] = true;
    }
    int[] r = new int[rank];
    for (int i = 0, j = 0; i < rank; i++) r[i] = ins[i] ? 1 : x[j++];
    return r;
  }

  public static int[] gather(int[] x, Op.Gather g) {
    int a = axis(g.axis(), x.length, "Gather");
    for (long ix : g.indices())
      if (ix < -x[a] || ix >= x[a]) throw new IllegalArgumentException("Gather index " + ix + " out of range for dim " + x[a] + " of " + str(x));
    if (g.scalarIndex()) {
      int[] r = new int[x.length - 1];
      for (int i = 0, j = 0; i < x.length; i++) if (i != a) r[j++] = x[i];
      return r;
    }
    int[] r = x.clone();
    r[a] = g.indices().length;
    return r;
  }

  public static int[] im2col(Op.Im2Col c, int[] x) {
    rank4(x, "Im2Col");
    int[] k = c.kernel(), s = c.strides(), p = c.pads();
    int h = (x[2] + p[0] + p[2] - k[0]) / s[0] + 1, w = (x[3] + p[1] + p[3] - k[1]) / s[1] + 1;
    if (h < 1 || w < 1) throw new IllegalArgumentException("input " + str(x) + " is smaller than the patch " + str(k));
    return new int[] {x[0], h * w, x[1] * k[0] * k[1]};
  }

  public static int[] batchNorm(int[] x, List<int[]> in) {
    if (x.length < 2) throw new IllegalArgumentException("BatchNormalization needs a channel axis, got shape " + str(x));
    return perChannel("BatchNormalization", x, in);
  }

  /** The shape of a normalization of x whose parameters (inputs 1...) hold one value per channel (axis 1). */
  static int[] perChannel(String op, int[] x, List<int[]> in) {
    for (int k = 1; k < in.size(); k++)
      if (size(in.get(k)) != x[1])
        throw new IllegalArgumentException(op + " of " + x[1] + " channels with a parameter of shape " + str(in.get(k)));
    return x.clone();
  }

  /** A mirrored or wrapped pad can reach at most across the axis once (ONNX leaves more undefined). */
  public static int[] pad(int[] x, Op.Pad p) {
    int[] r = pad(x, p.pads());
    if (p.mode() != Op.Pad.Mode.CONSTANT && p.mode() != Op.Pad.Mode.EDGE)
      for (int i = 0; i < x.length; i++) {
        long most = Math.max(p.pads()[i], p.pads()[i + x.length]), limit = p.mode() == Op.Pad.Mode.REFLECT ? x[i] - 1 : x[i];
        if (most > limit)
          throw new IllegalArgumentException(p.mode() + " pads " + Arrays.toString(p.pads()) + " reach past axis " + i + " of " + str(x));
      }
    if (p.mode() == Op.Pad.Mode.EDGE)
      for (int i = 0; i < x.length; i++)
        if (x[i] == 0 && r[i] > 0) throw new IllegalArgumentException("EDGE pads of an empty axis " + i + " of " + str(x));
    return r;
  }

  public static int[] pad(int[] x, long[] pads) {
    if (pads.length != 2 * x.length) throw new IllegalArgumentException("Pad needs " + 2 * x.length + " pads for " + str(x) + ", got " + pads.length);
    int[] r = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      if (pads[i] < 0 || pads[i + x.length] < 0) throw new IllegalArgumentException("negative pads " + Arrays.toString(pads) + " are not supported");
      r[i] = x[i] + (int) pads[i] + (int) pads[i + x.length];
    }
    return r;
  }
}
