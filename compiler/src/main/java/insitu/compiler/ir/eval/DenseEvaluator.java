package insitu.compiler.ir.eval;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.OpShapes;
import insitu.compiler.ir.Shapes;
import insitu.compiler.ir.Tensor;
import java.util.List;

/**
 * Compile-time evaluation of the ops that compute rather than move values: convolution, matrix
 * products, patches, pooling, softmax and BatchNorm. Plain loops in a fixed order, so a folded
 * value is the same on every machine. Same semantics as the runtime kernels (padded cells never
 * win a max pool; an average pool counts padding only when asked to).
 */
final class DenseEvaluator {
  private DenseEvaluator() {}

  /** The op's outputs, or null if it is not one of these ops. */
  static List<Tensor> evaluate(Op op, List<Tensor> in) {
    Tensor x = in.get(0);
    if (op instanceof Op.Conv c) return List.of(conv(c, x, in.get(1), in.size() > 2 ? in.get(2) : null));
    if (op instanceof Op.Gemm g) return List.of(gemm(g, x, in.get(1), in.size() > 2 ? in.get(2) : null));
    if (op instanceof Op.MatMul) return List.of(matMul(x, in.get(1)));
    if (op instanceof Op.Im2Col c) return List.of(im2col(c, x));
    if (op instanceof Op.MaxPool p) return List.of(pool(x, p.kernel(), p.strides(), p.pads(), true, false));
    if (op instanceof Op.AveragePool p) return List.of(pool(x, p.kernel(), p.strides(), p.pads(), false, p.countIncludePad()));
    if (op instanceof Op.GlobalAveragePool) {
      int[] s = x.shape();
      return List.of(pool(x, new int[] {s.length == 4 ? s[2] : 1, s.length == 4 ? s[3] : 1}, new int[] {1, 1}, new int[4], false, false));
    }
    if (op instanceof Op.Softmax s) return List.of(softmax(x, s.axis(), false));
    if (op instanceof Op.LogSoftmax s) return List.of(softmax(x, s.axis(), true));
    if (op instanceof Op.BatchNormalization b) return List.of(batchNorm(b, in));
    return null;
  }

  private static Tensor conv(Op.Conv c, Tensor x, Tensor w, Tensor bias) {
    int[] os = OpShapes.conv(c, x.shape(), w.shape());
    int n = os[0], co = os[1], oh = os[2], ow = os[3];
    int ci = x.dim(1), h = x.dim(2), wd = x.dim(3), kh = c.kernel()[0], kw = c.kernel()[1];
    if (bias != null && bias.size() != 1 && bias.size() != co)
      throw new IllegalArgumentException("Conv bias of " + bias.size() + " values for " + co + " output channels");
    double[] a = x.data(), k = w.data(), y = new double[Shapes.size(os)];
    for (int b = 0; b < n; b++)
      for (int o = 0; o < co; o++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) {
            double sum = 0;
            for (int i = 0; i < ci; i++)
              for (int ky = 0; ky < kh; ky++) {
                int iy = oy * c.strides()[0] - c.pads()[0] + ky * c.dilations()[0];
                if (iy < 0 || iy >= h) continue;
                for (int kx = 0; kx < kw; kx++) {
                  int ix = ox * c.strides()[1] - c.pads()[1] + kx * c.dilations()[1];
                  if (ix < 0 || ix >= wd) continue;
                  sum += a[((b * ci + i) * h + iy) * wd + ix] * k[((o * ci + i) * kh + ky) * kw + kx];
                }
              }
            y[((b * co + o) * oh + oy) * ow + ox] = sum + (bias == null ? 0 : bias.data()[bias.size() == 1 ? 0 : o]);
          }
    return new Tensor(os, y);
  }

  private static Tensor gemm(Op.Gemm g, Tensor a, Tensor b, Tensor c) {
    int[] os = OpShapes.gemm(g, a.shape(), b.shape());
    int m = os[0], n = os[1], k = g.transA() ? a.dim(0) : a.dim(1);
    if (c != null && !java.util.Arrays.equals(Shapes.broadcast(os, c.shape()), os))
      throw new IllegalArgumentException("Gemm bias of shape " + java.util.Arrays.toString(c.shape()) + " does not broadcast to "
          + java.util.Arrays.toString(os));
    int[] ci = c == null ? null : ConstantEvaluator.sourceIndex(os, c.shape());
    double[] y = new double[m * n];
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          double u = g.transA() ? a.data()[p * m + i] : a.data()[i * k + p];
          double v = g.transB() ? b.data()[j * k + p] : b.data()[p * n + j];
          sum += u * v;
        }
        y[i * n + j] = g.alpha() * sum + (c == null ? 0 : g.beta() * c.data()[ci[i * n + j]]);
      }
    return new Tensor(os, y);
  }

  private static Tensor matMul(Tensor a, Tensor w) {
    int[] os = OpShapes.matMul(a.shape(), w.shape());
    int k = w.dim(0), n = w.dim(1), rows = a.size() / k;
    double[] y = new double[rows * n];
    for (int r = 0; r < rows; r++)
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) sum += a.data()[r * k + p] * w.data()[p * n + j];
        y[r * n + j] = sum;
      }
    return new Tensor(os, y);
  }

  /** [N, OH·OW, C·kh·kw], patch elements in (channel, ky, kx) order, zero padding. */
  private static Tensor im2col(Op.Im2Col c, Tensor x) {
    int[] os = OpShapes.im2col(c, x.shape());
    int n = x.dim(0), ch = x.dim(1), h = x.dim(2), w = x.dim(3), kh = c.kernel()[0], kw = c.kernel()[1];
    int oh = (h + c.pads()[0] + c.pads()[2] - kh) / c.strides()[0] + 1, ow = os[1] / oh;
    double[] y = new double[Shapes.size(os)];
    int k = 0;
    for (int b = 0; b < n; b++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
          for (int i = 0; i < ch; i++)
            for (int ky = 0; ky < kh; ky++)
              for (int kx = 0; kx < kw; kx++, k++) {
                int iy = oy * c.strides()[0] - c.pads()[0] + ky, ix = ox * c.strides()[1] - c.pads()[1] + kx;
                y[k] = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0 : x.data()[((b * ch + i) * h + iy) * w + ix];
              }
    return new Tensor(os, y);
  }

  private static Tensor pool(Tensor x, int[] kernel, int[] strides, int[] pads, boolean max, boolean countPads) {
    int[] os = OpShapes.pool(x.shape(), kernel, strides, pads);
    int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3), oh = os[2], ow = os[3];
    double[] y = new double[Shapes.size(os)];
    for (int p = 0; p < planes; p++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          double best = Double.NEGATIVE_INFINITY, sum = 0;
          int count = 0;
          boolean any = false;
          for (int ky = 0; ky < kernel[0]; ky++)
            for (int kx = 0; kx < kernel[1]; kx++) {
              int iy = oy * strides[0] - pads[0] + ky, ix = ox * strides[1] - pads[1] + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                if (countPads) count++;
                continue;
              }
              double v = x.data()[(p * h + iy) * w + ix];
              if (v > best || !any) best = v;
              any = true;
              sum += v;
              count++;
            }
          y[(p * oh + oy) * ow + ox] = max ? best : count > 0 ? sum / count : 0;
        }
    return new Tensor(os, y);
  }

  private static Tensor softmax(Tensor x, int axisIn, boolean log) {
    int[] s = x.shape();
    int a = Shapes.axis(axisIn, s.length, log ? "LogSoftmax" : "Softmax");
    int outer = 1, d = s[a], inner = 1;
    for (int i = 0; i < a; i++) outer *= s[i];
    for (int i = a + 1; i < s.length; i++) inner *= s[i];
    double[] v = x.data(), y = new double[v.length];
    for (int o = 0; o < outer; o++)
      for (int i = 0; i < inner; i++) {
        int base = o * d * inner + i;
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int k = 0; k < d; k++) max = Math.max(max, v[base + k * inner]);
        for (int k = 0; k < d; k++) sum += StrictMath.exp(v[base + k * inner] - max);
        for (int k = 0; k < d; k++) {
          double z = v[base + k * inner] - max;
          y[base + k * inner] = log ? z - StrictMath.log(sum) : StrictMath.exp(z) / sum;
        }
      }
    return new Tensor(s, y);
  }

  private static Tensor batchNorm(Op.BatchNormalization b, List<Tensor> in) {
    Tensor x = in.get(0);
    int[] s = OpShapes.batchNorm(x.shape(), in.stream().map(Tensor::shape).toList());
    double[] factor = Normalizations.batchNormFactor(in.get(1).data(), in.get(4).data(), b.epsilon());
    return new Tensor(s, Normalizations.batchNorm(x.data(), s, factor, in.get(3).data(), in.get(2).data()));
  }
}
