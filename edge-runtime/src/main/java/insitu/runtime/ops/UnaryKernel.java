package insitu.runtime.ops;

import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/** Elementwise activations; each derivative is written next to its function. */
public final class UnaryKernel extends SlotKernel {
  /** The supported elementwise functions. */
  public enum Fn { RELU, LEAKY_RELU, SIGMOID, TANH, CLIP, IDENTITY }

  /** A function with its parameters: alpha is LEAKY_RELU's slope, min and max bound CLIP; the others ignore them. */
  public record Activation(Fn fn, double alpha, double min, double max) {
    public static Activation of(Fn fn) {
      return new Activation(fn, 0, 0, 0);
    }

    public static Activation leakyRelu(double alpha) {
      return new Activation(Fn.LEAKY_RELU, alpha, 0, 0);
    }

    public static Activation clip(double min, double max) {
      return new Activation(Fn.CLIP, 0, min, max);
    }
  }

  private final Fn fn;
  private final double alpha, min, max;

  public UnaryKernel(String name, Activation activation, int in, int out) {
    super(name, in, out);
    fn = activation.fn();
    alpha = activation.alpha();
    min = activation.min();
    max = activation.max();
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    double[] a = x.data(), y = f.valueBuffer(out, a.length);
    switch (fn) {
      // Branch-free (a NaN stays NaN), element-wise, so the split over cores changes nothing.
      case RELU -> f.workers().run(a.length, a.length, PARALLEL_VALUES, (c, from, to) -> {
        for (int i = from; i < to; i++) y[i] = Math.max(a[i], 0.0);
      });
      case LEAKY_RELU -> { for (int i = 0; i < a.length; i++) y[i] = a[i] > 0 ? a[i] : alpha * a[i]; }
      // exp and tanh cost tens of cycles each: element-wise, split over the cores.
      case SIGMOID -> f.workers().run(a.length, 20L * a.length, PARALLEL_VALUES, (c, from, to) -> {
        for (int i = from; i < to; i++) y[i] = 1 / (1 + StrictMath.exp(-a[i]));
      });
      case TANH -> f.workers().run(a.length, 20L * a.length, PARALLEL_VALUES, (c, from, to) -> {
        for (int i = from; i < to; i++) y[i] = StrictMath.tanh(a[i]);
      });
      case CLIP -> { for (int i = 0; i < a.length; i++) y[i] = Math.max(min, Math.min(max, a[i])); }
      case IDENTITY -> System.arraycopy(a, 0, y, 0, a.length);
    }
    f.set(out, new NDArray(x.shape(), y));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null) return;
    double[] g = gy.data(), a = f.value(in).data(), y = f.value(out).data();
    if (fn == Fn.RELU) {
      double[] fresh = f.gradBufferToOverwrite(in), gx = fresh != null ? fresh : f.gradBuffer(in);
      f.workers().run(g.length, g.length, PARALLEL_VALUES, (c, from, to) -> {
        if (fresh != null) for (int i = from; i < to; i++) gx[i] = 0.0 + passIfPositive(a[i], g[i]);
        else for (int i = from; i < to; i++) gx[i] += passIfPositive(a[i], g[i]);
      });
      return;
    }
    double[] gx = f.gradBuffer(in);
    switch (fn) {
      case LEAKY_RELU -> { for (int i = 0; i < g.length; i++) gx[i] += a[i] > 0 ? g[i] : alpha * g[i]; }
      case SIGMOID -> { for (int i = 0; i < g.length; i++) gx[i] += g[i] * y[i] * (1 - y[i]); }
      case TANH -> { for (int i = 0; i < g.length; i++) gx[i] += g[i] * (1 - y[i] * y[i]); }
      case CLIP -> { for (int i = 0; i < g.length; i++) if (a[i] > min && a[i] < max) gx[i] += g[i]; }
      case IDENTITY -> { for (int i = 0; i < g.length; i++) gx[i] += g[i]; }
    }
  }

  /** Below this many elements one core is faster than splitting. */
  private static final long PARALLEL_VALUES = 50_000;

  @Override public String describe() {
    return name + " (" + fn + ")";
  }

  /**
   * g where a > 0, else +0.0, without a branch (a ReLU's mask is a coin flip, so a branch
   * mispredicts half the time). The sign bit and the non-zero test come from a's bits: a > 0 exactly
   * when its bits, as a signed long, are positive (or a is a NaN, which never gets this far: the
   * next crossbar refuses it in the forward pass). Adding +0.0 leaves a gradient sum unchanged (a sum
   * that starts at +0.0 is never −0.0), so this gives exactly the sums of "if (a > 0) gx += g".
   */
  private static double passIfPositive(double a, double g) {
    long b = Double.doubleToRawLongBits(a);
    long mask = (-b & ~b) >> 63; // all ones iff b > 0
    return Double.longBitsToDouble(Double.doubleToRawLongBits(g) & mask);
  }
}
