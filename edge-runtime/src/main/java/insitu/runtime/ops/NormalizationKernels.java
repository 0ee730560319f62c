package insitu.runtime.ops;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.PeripheryShapes;
import insitu.compiler.ir.eval.Normalizations;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * BatchNormalization (inference statistics, where it could not be folded into a layer),
 * InstanceNormalization and LRN over [N, C, spatial...]: forwards from {@link Normalizations},
 * backwards here. The scale and bias of both normalizations are digital parameters: their
 * gradients are accumulated like a layer's bias.
 */
final class NormalizationKernels {
  private NormalizationKernels() {}

  static Kernel of(Node n, int[] in, int[] out) {
    if (n.op() instanceof Op.BatchNormalization b) return new BatchNorm(n.name(), b, in, out[0]);
    if (n.op() instanceof Op.InstanceNormalization i) return new InstanceNorm(n.name(), i, in, out[0]);
    if (n.op() instanceof Op.LRN l) return new Lrn(n.name(), l, in[0], out[0]);
    return null;
  }

  /** The channel of element k of an [N, C, inner...] array. */
  private static int channel(int k, int inner, int channels) {
    return k / inner % channels;
  }

  /** y = factor·(x − mean) + bias per channel, factor = scale/√(var + ε). */
  static final class BatchNorm extends OpKernel<Op.BatchNormalization> {
    private final int scale, bias, mean, var;

    BatchNorm(String name, Op.BatchNormalization op, int[] in, int out) {
      super(name, op, in[0], out);
      scale = in[1];
      bias = in[2];
      mean = in[3];
      var = in[4];
    }

    private double[] factor(Frame f) {
      return Normalizations.batchNormFactor(f.value(scale).data(), f.value(var).data(), op.epsilon());
    }

    @Override public void forward(Frame f) {
      NDArray v = f.value(in);
      int[] s = OpShapes.batchNorm(v.shape(), java.util.List.of(v.shape(), f.value(scale).shape(), f.value(bias).shape(),
          f.value(mean).shape(), f.value(var).shape()));
      f.set(out, new NDArray(s, Normalizations.batchNorm(v.data(), s, factor(f), f.value(mean).data(), f.value(bias).data())));
    }

    @Override public void backward(Frame f) {
      NDArray gy = f.grad(out);
      if (gy == null) return;
      int[] s = gy.shape();
      int channels = s[1], inner = gy.size() / Math.max(1, s[0] * channels);
      double[] g = gy.data(), a = f.value(in).data(), m = f.value(mean).data(), v = f.value(var).data(), fac = factor(f);
      double[] gx = f.gradBuffer(in), gs = f.gradBuffer(scale), gb = f.gradBuffer(bias);
      for (int k = 0; k < g.length; k++) {
        int c = channel(k, inner, channels);
        gx[k] += g[k] * fac[c];
        gs[c] += g[k] * (a[k] - m[c]) / StrictMath.sqrt(v[c] + op.epsilon());
        gb[c] += g[k];
      }
    }
  }

  /** Per (sample, channel) plane: x̂ = (x − mean)·invStd, y = scale·x̂ + bias. */
  static final class InstanceNorm extends OpKernel<Op.InstanceNormalization> {
    private final int scale, bias;
    private double[][] stats;

    InstanceNorm(String name, Op.InstanceNormalization op, int[] in, int out) {
      super(name, op, in[0], out);
      scale = in[1];
      bias = in[2];
    }

    @Override public void forward(Frame f) {
      NDArray v = f.value(in);
      int[] s = PeripheryShapes.instanceNorm(v.shape(), java.util.List.of(v.shape(), f.value(scale).shape(), f.value(bias).shape()));
      stats = Normalizations.planeStatistics(v.data(), s[0] * s[1], op.epsilon());
      f.set(out, new NDArray(s, Normalizations.instanceNorm(v.data(), s[1], stats, f.value(scale).data(), f.value(bias).data())));
    }

    @Override public void backward(Frame f) {
      NDArray gy = f.grad(out);
      if (gy == null) return;
      int channels = gy.dim(1), planes = stats[0].length, inner = gy.size() / Math.max(planes, 1);
      double[] g = gy.data(), a = f.value(in).data(), sc = f.value(scale).data();
      double[] gx = f.gradBuffer(in), gs = f.gradBuffer(scale), gb = f.gradBuffer(bias);
      for (int p = 0; p < planes; p++) {
        int c = p % channels, base = p * inner;
        double mean = stats[0][p], inv = stats[1][p], sumG = 0, sumGx = 0;
        for (int i = 0; i < inner; i++) {
          double xh = (a[base + i] - mean) * inv;
          sumG += g[base + i];
          sumGx += g[base + i] * xh;
        }
        gs[c] += sumGx;
        gb[c] += sumG;
        // dL/dx = scale·invStd·(g − mean(g) − x̂·mean(g·x̂)): the plane's mean and variance depend on every x.
        for (int i = 0; i < inner; i++) {
          double xh = (a[base + i] - mean) * inv;
          gx[base + i] += sc[c] * inv * (g[base + i] - sumG / inner - xh * sumGx / inner);
        }
      }
    }
  }

  /** y = x·s^−β, s = bias + α/size·Σ x² over a window of channels. */
  static final class Lrn extends OpKernel<Op.LRN> {
    private double[] base;

    Lrn(String name, Op.LRN op, int in, int out) {
      super(name, op, in, out);
    }

    @Override public void forward(Frame f) {
      NDArray x = f.value(in);
      if (x.rank() < 3) throw new IllegalArgumentException("LRN needs [N, C, spatial...], got rank " + x.rank());
      base = Normalizations.lrnBase(op, x.data(), x.shape());
      f.set(out, new NDArray(x.shape(), Normalizations.lrn(op, x.data(), base)));
    }

    /**
     * dL/dx_k = g_k·s_k^−β − (2αβ/size)·x_k·Σ_c g_c·x_c·s_c^(−β−1) over the channels c whose window
     * holds k's channel.
     */
    @Override public void backward(Frame f) {
      NDArray gy = f.grad(out);
      if (gy == null || !f.needsGrad(in)) return;
      int[] s = gy.shape();
      int n = s[0], channels = s[1], inner = gy.size() / Math.max(1, n * channels);
      double[] g = gy.data(), a = f.value(in).data(), gx = f.gradBuffer(in), t = new double[g.length];
      for (int k = 0; k < g.length; k++) t[k] = g[k] * a[k] * StrictMath.pow(base[k], -op.beta() - 1);
      double coef = 2 * op.alpha() * op.beta() / op.size();
      for (int b = 0; b < n; b++)
        for (int ch = 0; ch < channels; ch++)
          for (int i = 0; i < inner; i++) {
            int k = (b * channels + ch) * inner + i;
            double sum = 0;
            for (int c = 0; c < channels; c++)
              if (Normalizations.windowStart(c, op.size()) <= ch && ch <= Normalizations.windowEnd(c, op.size(), channels))
                sum += t[(b * channels + c) * inner + i];
            gx[k] += g[k] * StrictMath.pow(base[k], -op.beta()) - coef * a[k] * sum;
          }
    }
  }
}
