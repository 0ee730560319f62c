package insitu.runtime.ops;

import insitu.compiler.ir.IndexMaps;
import insitu.compiler.ir.PeripheryShapes;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/** y = x for x ≥ 0, slope·x below, the slope broadcast to x; backward also gives dL/dslope (a digital parameter). */
final class PReluKernel implements Kernel {
  private final String name;
  private final int in, slope, out;
  private int[] slopeIndex, cachedShape;

  PReluKernel(String name, int in, int slope, int out) {
    this.name = name;
    this.in = in;
    this.slope = slope;
    this.out = out;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in), s = f.value(slope);
    if (!java.util.Arrays.equals(x.shape(), cachedShape)) {
      slopeIndex = IndexMaps.broadcastSource(PeripheryShapes.prelu(x.shape(), s.shape()), s.shape());
      cachedShape = x.shape().clone();
    }
    double[] a = x.data(), k = s.data(), y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = a[i] >= 0 ? a[i] : k[slopeIndex[i]] * a[i];
    f.set(out, new NDArray(x.shape(), y));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null) return;
    double[] g = gy.data(), a = f.value(in).data(), k = f.value(slope).data();
    double[] gx = f.gradBuffer(in), gs = f.gradBuffer(slope);
    for (int i = 0; i < g.length; i++) {
      if (a[i] >= 0) {
        gx[i] += g[i];
      } else {
        gx[i] += g[i] * k[slopeIndex[i]];
        gs[slopeIndex[i]] += g[i] * a[i];
      }
    }
  }

  @Override public String describe() {
    return name + " (PRelu)";
  }
}
