package insitu.runtime.ops;

import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * 2-D max and average pooling over NCHW, and global average pooling. Max pooling sends the
 * gradient to the first winner of each window (PyTorch's rule); padded cells never win. (The 2×2,
 * stride-2 case takes Math.max of each window, which differs from the general loop only in the
 * sign of a zero maximum, and finds its winners in backward.)
 */
public final class PoolKernel implements Kernel {
  /** Pooling kinds. */
  public enum Kind { MAX, AVERAGE, GLOBAL_AVERAGE }

  private final String name;
  private final Kind kind;
  private final int kh, kw, sh, sw, pt, pl, pb, pr;
  private final boolean countIncludePad;
  private final int in, out;
  private int[] winners;
  private boolean winnersPending; // the last forward left the winners to backward

  public PoolKernel(String name, Kind kind, int[] kernel, int[] strides, int[] pads, boolean countIncludePad, int in, int out) {
    this.name = name;
    this.kind = kind;
    this.kh = kernel[0];
    this.kw = kernel[1];
    this.sh = strides[0];
    this.sw = strides[1];
    this.pt = pads[0];
    this.pl = pads[1];
    this.pb = pads[2];
    this.pr = pads[3];
    this.countIncludePad = countIncludePad;
    this.in = in;
    this.out = out;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    if (x.rank() != 4) throw new IllegalArgumentException(name + ": pooling needs NCHW input, got rank " + x.rank());
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
    double[] a = x.data();
    if (kind == Kind.GLOBAL_AVERAGE) {
      double[] y = new double[n * c];
      for (int p = 0; p < n * c; p++) {
        double s = 0;
        for (int k = 0; k < h * w; k++) s += a[p * h * w + k];
        y[p] = s / (h * w);
      }
      f.set(out, new NDArray(new int[] {n, c, 1, 1}, y));
      return;
    }
    int oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
    double[] y = f.valueBuffer(out, n * c * oh * ow);
    if (kind == Kind.MAX && (winners == null || winners.length < y.length)) winners = new int[y.length];
    winnersPending = kind == Kind.MAX && pt == 0 && pl == 0 && pb == 0 && pr == 0 && kh == 2 && kw == 2 && sh == 2 && sw == 2;
    if (kind == Kind.MAX && pt == 0 && pl == 0 && pb == 0 && pr == 0) {
      // Planes are independent: the split over cores changes nothing.
      f.workers().run(n * c, (long) n * c * h * w, PARALLEL_VALUES, (chunk, from, to) -> maxUnpadded(a, from, to, h, w, oh, ow, y));
      f.set(out, new NDArray(new int[] {n, c, oh, ow}, y));
      return;
    }
    for (int p = 0; p < n * c; p++) {
      int ib = p * h * w;
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          int o = (p * oh + oy) * ow + ox;
          double best = Double.NEGATIVE_INFINITY, sum = 0;
          int arg = -1;
          for (int ky = 0; ky < kh; ky++) {
            int iy = oy * sh - pt + ky;
            for (int kx = 0; kx < kw; kx++) {
              int ix = ox * sw - pl + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              double v = a[ib + iy * w + ix];
              if (v > best || arg < 0) { best = v; arg = ib + iy * w + ix; }
              sum += v;
            }
          }
          if (kind == Kind.MAX) {
            y[o] = best;
            winners[o] = arg;
          } else {
            int count = divisor(oy, ox, h, w);
            y[o] = count > 0 ? sum / count : 0;
          }
        }
    }
    f.set(out, new NDArray(new int[] {n, c, oh, ow}, y));
  }

  /**
   * Max pooling whose windows all lie inside the input (no padding): the general loop without its
   * bounds tests and sums. Same winners: the first element of a window, then any strictly larger one.
   */
  private void maxUnpadded(double[] a, int fromPlane, int toPlane, int h, int w, int oh, int ow, double[] y) {
    if (kh == 2 && kw == 2 && sh == 2 && sw == 2) {
      maxTwoByTwo(a, fromPlane, toPlane, h, w, oh, ow, y);
      return;
    }
    for (int p = fromPlane; p < toPlane; p++) {
      int ib = p * h * w;
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          int o = (p * oh + oy) * ow + ox, arg = ib + oy * sh * w + ox * sw;
          double best = a[arg];
          for (int ky = 0; ky < kh; ky++) {
            int row = ib + (oy * sh + ky) * w + ox * sw;
            for (int kx = 0; kx < kw; kx++) {
              // Selects instead of a branch: which element wins is a coin flip, and a branch on
              // it mispredicts half the time.
              double v = a[row + kx];
              boolean larger = v > best;
              arg = larger ? row + kx : arg;
              best = larger ? v : best;
            }
          }
          y[o] = best;
          winners[o] = arg;
        }
    }
  }

  /**
   * {@link #maxUnpadded} for the common 2×2 window with stride 2: only the maxima, branch-free
   * (which element wins is a coin flip, so branches on it mispredict). The winners, which only
   * training needs, are found by {@link #twoByTwoWinners} when a backward pass asks for them.
   */
  private void maxTwoByTwo(double[] a, int fromPlane, int toPlane, int h, int w, int oh, int ow, double[] y) {
    for (int p = fromPlane; p < toPlane; p++)
      for (int oy = 0; oy < oh; oy++) {
        int top = p * h * w + 2 * oy * w, bottom = top + w, o = (p * oh + oy) * ow;
        for (int ox = 0; ox < ow; ox++) {
          int i0 = top + 2 * ox, i2 = bottom + 2 * ox;
          y[o + ox] = Math.max(Math.max(a[i0], a[i0 + 1]), Math.max(a[i2], a[i2 + 1]));
        }
      }
  }

  /**
   * The winner of the 2×2 window whose rows start at i0 and i2, by the general loop's rule (the
   * first element, then any strictly larger one) as selects, which the JIT turns into conditional
   * moves: the winner is a coin flip, so a branch on it mispredicts.
   */
  static int winner(double[] a, int i0, int i2) {
    double best = a[i0], v1 = a[i0 + 1], v2 = a[i2], v3 = a[i2 + 1];
    int arg = i0;
    boolean larger = v1 > best;
    arg = larger ? i0 + 1 : arg;
    best = larger ? v1 : best;
    larger = v2 > best;
    arg = larger ? i2 : arg;
    best = larger ? v2 : best;
    larger = v3 > best;
    arg = larger ? i2 + 1 : arg;
    return arg;
  }

  /**
   * {@link #winner(double[], int, int)} given the window's maximum m (Math.max of its four, from
   * forward): the first element equal to m, found with integer selects on comparisons (the
   * double selects of the general rule compile to a slow chain). The same element: Math.max picks
   * the largest value, and == treats −0.0 and +0.0 alike as > does; a NaN maximum falls back to the
   * rule.
   */
  static int winner(double[] a, double m, int i0, int i2) {
    int arg = a[i2 + 1] == m ? i2 + 1 : -1;
    arg = a[i2] == m ? i2 : arg;
    arg = a[i0 + 1] == m ? i0 + 1 : arg;
    arg = a[i0] == m ? i0 : arg;
    return arg >= 0 ? arg : winner(a, i0, i2);
  }

  /** The winner of every 2×2 window of planes from..to, as the general loop picks it. */
  private void twoByTwoWinners(double[] a, double[] y, int fromPlane, int toPlane, int h, int w, int oh, int ow) {
    for (int p = fromPlane; p < toPlane; p++)
      for (int oy = 0; oy < oh; oy++) {
        int top = p * h * w + 2 * oy * w, bottom = top + w, o = (p * oh + oy) * ow;
        for (int ox = 0; ox < ow; ox++) {
          winners[o + ox] = winner(a, y[o + ox], top + 2 * ox, bottom + 2 * ox);
        }
      }
  }

  /**
   * The gradient of planes from..to of a 2×2, stride-2 max pool, written over gx: each window's
   * winner (as {@link #twoByTwoWinners} picks it) gets 0.0 + g, its other cells 0.0, and cells no
   * window covers (an odd last row or column) 0.0.
   */
  private static void twoByTwoGradients(double[] a, double[] y, double[] g, double[] gx, int fromPlane, int toPlane, int h, int w, int oh,
                                        int ow) {
    java.util.Arrays.fill(gx, fromPlane * h * w, toPlane * h * w, 0.0);
    for (int p = fromPlane; p < toPlane; p++)
      for (int oy = 0; oy < oh; oy++) {
        int top = p * h * w + 2 * oy * w, bottom = top + w, o = (p * oh + oy) * ow;
        for (int ox = 0; ox < ow; ox++) {
          gx[winner(a, y[o + ox], top + 2 * ox, bottom + 2 * ox)] = 0.0 + g[o + ox];
        }
      }
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null) return;
    double[] g = gy.data();
    NDArray x = f.value(in);
    int h = x.dim(2), w = x.dim(3);
    if (kind == Kind.MAX) {
      // A window's winner lies in the window's own plane: planes split over cores never collide.
      int planes = x.dim(0) * x.dim(1), per = g.length / Math.max(planes, 1);
      double[] a = x.data();
      boolean find = winnersPending;
      int oh = gy.dim(2), ow = gy.dim(3);
      long work = (long) planes * h * w;
      double[] fresh = find ? f.gradBufferToOverwrite(in) : null, ym = f.value(out).data();
      if (fresh != null) {
        // The 2×2 windows tile the input (h and w even) or leave its last row or column out: each
        // window writes its four cells (0.0 + g to the winner, as adding into zeros does), and the
        // rest is zeroed. No separate zeroing pass, and every cell is written once.
        f.workers().run(planes, work, PARALLEL_VALUES, (chunk, from, to) -> twoByTwoGradients(a, ym, g, fresh, from, to, h, w, oh, ow));
        winnersPending = false;
        return;
      }
      double[] gx = f.gradBuffer(in);
      f.workers().run(planes, work, PARALLEL_VALUES, (chunk, from, to) -> {
        if (find) twoByTwoWinners(a, ym, from, to, h, w, oh, ow);
        for (int o = from * per; o < to * per; o++) gx[winners[o]] += g[o];
      });
      winnersPending = false;
      return;
    }
    double[] gx = f.gradBuffer(in);
    if (kind == Kind.GLOBAL_AVERAGE) {
      for (int p = 0; p < g.length; p++)
        for (int k = 0; k < h * w; k++) gx[p * h * w + k] += g[p] / (h * w);
      return;
    }
    int oh = gy.dim(2), ow = gy.dim(3), nc = x.dim(0) * x.dim(1);
    for (int p = 0; p < nc; p++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          double share = g[(p * oh + oy) * ow + ox] / Math.max(divisor(oy, ox, h, w), 1);
          for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++) {
              int iy = oy * sh - pt + ky, ix = ox * sw - pl + kx;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) gx[p * h * w + iy * w + ix] += share;
            }
        }
  }

  /** What the average of the window at (oy, ox) of an h × w plane divides by: its cells inside the plane, or all with countIncludePad. */
  private int divisor(int oy, int ox, int h, int w) {
    if (countIncludePad) return kh * kw;
    int count = 0;
    for (int ky = 0; ky < kh; ky++)
      for (int kx = 0; kx < kw; kx++) {
        int iy = oy * sh - pt + ky, ix = ox * sw - pl + kx;
        if (iy >= 0 && iy < h && ix >= 0 && ix < w) count++;
      }
    return count;
  }

  /** Below this many input values one core is faster than splitting. */
  private static final long PARALLEL_VALUES = 10_000;

  @Override public String describe() {
    return name + " (" + kind + " pool)";
  }
}
