package insitu.compiler.ir.eval;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.PeripheryShapes;
import insitu.compiler.ir.Shapes;
import java.util.Arrays;

/**
 * The windows of N-D {@link Op.Pooling} and the scatter of {@link Op.Col2Im}, as index tables
 * built once per input shape. Compile-time folding and the runtime kernels (forward and backward)
 * read the same tables.
 */
public final class Windows {
  private Windows() {}

  /**
   * Every output's window: its input elements {@code members[start[o]..start[o+1])} (inside the
   * input, in row-major window order) and its average's divisor.
   */
  public record PoolTable(int[] outShape, int[] start, int[] members, double[] divisor) {}

  public static PoolTable pooling(Op.Pooling p, int[] x) {
    int[] os = PeripheryShapes.pooling(p, x);
    int d = p.kernel().length, planes = x[0] * x[1], inPlane = Shapes.size(x) / Math.max(planes, 1);
    int[] spatialOut = Arrays.copyOfRange(os, 2, os.length), spatialIn = Arrays.copyOfRange(x, 2, x.length);
    int[] inStrides = Shapes.strides(spatialIn);
    int outPlane = Shapes.size(spatialOut), windowSize = Shapes.size(p.kernel());
    // One plane's windows, then the same offsets for every plane.
    int[][] planeMembers = new int[outPlane][];
    double[] planeDivisor = new double[outPlane];
    int[] o = new int[d], k = new int[d];
    for (int q = 0; q < outPlane; q++) {
      int[] m = new int[windowSize];
      int count = 0, counted = 1;
      for (int a = 0; a < d; a++) {
        // Positions inside input + pads (count_include_pad) are those before in + pad_end.
        int first = o[a] * p.strides()[a] - p.pads()[a], inPadded = 0;
        for (int j = 0; j < p.kernel()[a]; j++) if (first + j * p.dilations()[a] < spatialIn[a] + p.pads()[a + d]) inPadded++;
        counted *= inPadded;
      }
      Arrays.fill(k, 0);
      for (int w = 0; w < windowSize; w++) {
        int idx = 0;
        boolean inside = true;
        for (int a = 0; a < d && inside; a++) {
          int at = o[a] * p.strides()[a] - p.pads()[a] + k[a] * p.dilations()[a];
          inside = at >= 0 && at < spatialIn[a];
          idx += at * inStrides[a];
        }
        if (inside) m[count++] = idx;
        next(k, p.kernel());
      }
      planeMembers[q] = Arrays.copyOf(m, count);
      planeDivisor[q] = p.countIncludePad() ? counted : count;
      next(o, spatialOut);
    }
    int total = 0;
    for (int[] m : planeMembers) total += m.length;
    int[] start = new int[planes * outPlane + 1], members = new int[planes * total];
    double[] divisor = new double[planes * outPlane];
    int at = 0;
    for (int pl = 0; pl < planes; pl++)
      for (int q = 0; q < outPlane; q++) {
        start[pl * outPlane + q] = at;
        for (int idx : planeMembers[q]) members[at++] = pl * inPlane + idx;
        divisor[pl * outPlane + q] = planeDivisor[q];
      }
    start[planes * outPlane] = at;
    return new PoolTable(os, start, members, divisor);
  }

  /** Row-major increment of a multi-index. */
  private static void next(int[] idx, int[] shape) {
    for (int a = idx.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) return;
      idx[a] = 0;
    }
  }

  /**
   * The pooled values; for MAX, {@code winners} (if not null) gets each output's first largest
   * member, which receives its gradient. A window with no member (all padding) gives 0.
   */
  public static double[] pool(Op.Pooling p, PoolTable t, double[] x, int[] winners) {
    double[] y = new double[t.divisor().length];
    for (int o = 0; o < y.length; o++) {
      int from = t.start()[o], to = t.start()[o + 1];
      if (p.kind() == Op.Pooling.Kind.MAX) {
        int best = -1;
        for (int m = from; m < to; m++) if (best < 0 || x[t.members()[m]] > x[best]) best = t.members()[m];
        y[o] = best < 0 ? 0 : x[best];
        if (winners != null) winners[o] = best;
      } else {
        double sum = 0;
        for (int m = from; m < to; m++) sum += x[t.members()[m]];
        y[o] = t.divisor()[o] > 0 ? sum / t.divisor()[o] : 0;
      }
    }
    return y;
  }

  /** For every element of Col2Im's input [N, positions, C·kh·kw], the image element it adds into, or −1. */
  public static int[] col2imTargets(Op.Col2Im c, int[] x) {
    int[] os = PeripheryShapes.col2im(c, x, null);
    int kh = c.kernel()[0], kw = c.kernel()[1], channels = os[1], h = os[2], w = os[3], gw = c.grid()[1];
    return Shapes.indexMap(x, idx -> {
      int pos = idx[1], e = idx[2], ch = e / (kh * kw), ky = e / kw % kh, kx = e % kw;
      int iy = pos / gw * c.strides()[0] - c.pads()[0] + ky * c.dilations()[0];
      int ix = pos % gw * c.strides()[1] - c.pads()[1] + kx * c.dilations()[1];
      return iy < 0 || iy >= h || ix < 0 || ix >= w ? -1 : ((idx[0] * channels + ch) * h + iy) * w + ix;
    });
  }

  /** The image: every patch element added into its target in input order, then the bias per channel (if any). */
  public static double[] col2im(int[] targets, double[] x, int[] outShape, double[] bias) {
    double[] y = new double[Shapes.size(outShape)];
    for (int i = 0; i < x.length; i++) if (targets[i] >= 0) y[targets[i]] += x[i];
    if (bias != null) {
      int channels = outShape[1], plane = outShape[2] * outShape[3];
      for (int k = 0; k < y.length; k++) y[k] += bias[k / plane % channels];
    }
    return y;
  }
}
