package insitu.compiler.ir;

import static insitu.compiler.ir.Shapes.size;

import java.util.Arrays;
import java.util.List;

/**
 * Output shapes of the digital periphery's ops added for issue 16 (elementwise functions, PRelu,
 * normalizations, reductions, Tile, Expand, N-D pooling, Col2Im), with the runtime's semantics.
 * {@link OpShapes#infer} asks here for the ops it does not know itself.
 */
public final class PeripheryShapes {
  private PeripheryShapes() {}

  /** The output shapes, or null when {@code op} is not one of these ops. */
  static List<int[]> infer(Op op, List<int[]> in) {
    int[] x = in.get(0);
    if (op instanceof Op.Unary || op instanceof Op.LRN) return List.of(x.clone());
    if (op instanceof Op.Pow) return List.of(Shapes.broadcast(x, in.get(1)));
    if (op instanceof Op.PRelu) return List.of(prelu(x, in.get(1)));
    if (op instanceof Op.InstanceNormalization) return List.of(instanceNorm(x, in));
    if (op instanceof Op.Reduce r) return List.of(reduce(x, r.axes(), r.keepDims()));
    if (op instanceof Op.Tile t) return List.of(tile(x, t.repeats()));
    if (op instanceof Op.Expand e) return List.of(expand(x, e.shape()));
    if (op instanceof Op.Pooling p) return List.of(pooling(p, x));
    if (op instanceof Op.Col2Im c) return List.of(col2im(c, x, in.size() > 1 ? in.get(1) : null));
    return null;
  }

  private static String str(int[] s) {
    return Arrays.toString(s);
  }

  /** The slope broadcasts to x without changing x's shape (ONNX's unidirectional broadcast). */
  public static int[] prelu(int[] x, int[] slope) {
    if (!Arrays.equals(Shapes.broadcast(x, slope), x))
      throw new IllegalArgumentException("PRelu slope of shape " + str(slope) + " does not broadcast to the input " + str(x));
    return x.clone();
  }

  public static int[] instanceNorm(int[] x, List<int[]> in) {
    if (x.length < 3) throw new IllegalArgumentException("InstanceNormalization needs [N, C, spatial...], got " + str(x));
    return OpShapes.perChannel("InstanceNormalization", x, in);
  }

  public static int[] reduce(int[] x, int[] axes, boolean keepDims) {
    boolean[] reduced = new boolean[x.length];
    for (int a : axes) {
      if (a < 0 || a >= x.length || reduced[a]) throw new IllegalArgumentException("reduction axes " + str(axes) + " for rank " + x.length);
      reduced[a] = true;
    }
    int[] r = new int[keepDims ? x.length : x.length - axes.length];
    for (int i = 0, j = 0; i < x.length; i++) {
      if (!reduced[i]) r[j++] = x[i];
      else if (keepDims) r[j++] = 1;
    }
    return r;
  }

  public static int[] tile(int[] x, int[] repeats) {
    if (repeats.length != x.length) throw new IllegalArgumentException("Tile repeats " + str(repeats) + " for rank " + x.length);
    int[] r = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      if (repeats[i] < 1) throw new IllegalArgumentException("Tile repeats " + str(repeats) + " must be positive");
      r[i] = x[i] * repeats[i];
    }
    size(r);
    return r;
  }

  /** NumPy broadcast of x and the target, except that a 1 in the target's first dim keeps x's batch. */
  public static int[] expand(int[] x, int[] shape) {
    int[] r = Shapes.broadcast(x, shape);
    size(r);
    return r;
  }

  /** Output size of one spatial axis: floor, or PyTorch's ceil (a last window must start before the end padding). */
  public static int pooledSize(int in, int k, int s, int pb, int pe, int d, boolean ceil) {
    int span = in + pb + pe - d * (k - 1) - 1;
    if (span < 0) return 0;
    int out = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (out - 1) * s >= in + pb) out--;
    return out;
  }

  public static int[] pooling(Op.Pooling p, int[] x) {
    int d = p.kernel().length;
    if (x.length != d + 2) throw new IllegalArgumentException(d + "-D pooling needs an input of rank " + (d + 2) + ", got " + str(x));
    int[] r = x.clone();
    for (int a = 0; a < d; a++) {
      r[2 + a] = pooledSize(x[2 + a], p.kernel()[a], p.strides()[a], p.pads()[a], p.pads()[a + d], p.dilations()[a], p.ceilMode());
      if (r[2 + a] < 1) throw new IllegalArgumentException("input " + str(x) + " is smaller than the pooling window " + str(p.kernel()));
    }
    return r;
  }

  public static int[] col2im(Op.Col2Im c, int[] x, int[] bias) {
    int[] k = c.kernel();
    if (x.length != 3 || x[1] != c.grid()[0] * c.grid()[1] || x[2] % (k[0] * k[1]) != 0)
      throw new IllegalArgumentException("Col2Im needs patches [N, " + c.grid()[0] * c.grid()[1] + ", C·" + k[0] * k[1] + "], got " + str(x));
    int channels = x[2] / (k[0] * k[1]);
    if (bias != null && size(bias) != channels)
      throw new IllegalArgumentException("Col2Im bias of shape " + str(bias) + " for " + channels + " channels");
    return new int[] {x[0], channels, c.image()[0], c.image()[1]};
  }
}
