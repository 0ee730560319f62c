package insitu.runtime.ops;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.PeripheryShapes;
import insitu.compiler.ir.eval.Windows;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * N-D pooling ({@link Op.Pooling}) and Col2Im, on the index tables of {@link Windows} (built once
 * per input shape): forward gathers or scatters along them, backward goes the other way.
 */
final class WindowKernels {
  private WindowKernels() {}

  /** Max pooling sends each output's gradient to its first largest member; average pooling shares it by the divisor. */
  static final class Pooling extends OpKernel<Op.Pooling> {
    private Windows.PoolTable table;
    private int[] cachedShape, winners;

    Pooling(String name, Op.Pooling op, int in, int out) {
      super(name, op, in, out);
    }

    @Override public void forward(Frame f) {
      NDArray x = f.value(in);
      if (!java.util.Arrays.equals(x.shape(), cachedShape)) {
        table = Windows.pooling(op, x.shape());
        winners = new int[table.divisor().length];
        cachedShape = x.shape().clone();
      }
      f.set(out, new NDArray(table.outShape().clone(), Windows.pool(op, table, x.data(), winners)));
    }

    @Override public void backward(Frame f) {
      NDArray gy = f.grad(out);
      if (gy == null || !f.needsGrad(in)) return;
      double[] g = gy.data(), gx = f.gradBuffer(in);
      for (int o = 0; o < g.length; o++) {
        if (op.kind() == Op.Pooling.Kind.MAX) {
          if (winners[o] >= 0) gx[winners[o]] += g[o];
          continue;
        }
        double share = table.divisor()[o] > 0 ? g[o] / table.divisor()[o] : 0;
        for (int m = table.start()[o]; m < table.start()[o + 1]; m++) gx[table.members()[m]] += share;
      }
    }

    @Override public String describe() {
      return name + " (" + op + ")";
    }
  }

  /** Patches summed into an image (plus a per-channel bias); backward reads each patch element's pixel gradient. */
  static final class Col2Im extends OpKernel<Op.Col2Im> {
    private final int bias;
    private int[] targets, cachedShape, outShape;

    /** @param bias the bias slot, or −1 */
    Col2Im(String name, Op.Col2Im op, int in, int bias, int out) {
      super(name, op, in, out);
      this.bias = bias;
    }

    @Override public void forward(Frame f) {
      NDArray x = f.value(in);
      if (!java.util.Arrays.equals(x.shape(), cachedShape)) {
        outShape = PeripheryShapes.col2im(op, x.shape(), bias >= 0 ? f.value(bias).shape() : null);
        targets = Windows.col2imTargets(op, x.shape());
        cachedShape = x.shape().clone();
      }
      double[] b = bias >= 0 ? f.value(bias).data() : null;
      f.set(out, new NDArray(outShape.clone(), Windows.col2im(targets, x.data(), outShape, b)));
    }

    @Override public void backward(Frame f) {
      NDArray gy = f.grad(out);
      if (gy == null) return;
      double[] g = gy.data();
      if (f.needsGrad(in)) {
        double[] gx = f.gradBuffer(in);
        for (int i = 0; i < targets.length; i++) if (targets[i] >= 0) gx[i] += g[targets[i]];
      }
      if (bias >= 0) {
        double[] gb = f.gradBuffer(bias);
        int channels = outShape[1], plane = outShape[2] * outShape[3];
        for (int k = 0; k < g.length; k++) gb[k / plane % channels] += g[k];
      }
    }
  }
}
