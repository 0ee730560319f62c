package insitu.runtime.ops;

import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;
import java.util.function.UnaryOperator;

/** Flatten, Reshape, Squeeze, Unsqueeze: the data is unchanged, only the shape. */
public final class ShapeKernel extends SlotKernel {
  private final UnaryOperator<int[]> shapeOf;

  public ShapeKernel(String name, UnaryOperator<int[]> shapeOf, int in, int out) {
    super(name, in, out);
    this.shapeOf = shapeOf;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    int[] s = shapeOf.apply(x.shape());
    if (NDArray.sizeOf(s) != x.size())
      throw new IllegalArgumentException(name + ": cannot reshape " + java.util.Arrays.toString(x.shape()) + " to "
          + java.util.Arrays.toString(s));
    f.set(out, new NDArray(s, x.data()));
  }

  @Override public void backward(Frame f) {
    NDArray g = f.grad(out);
    if (g == null) return;
    double[] gx = f.gradBuffer(in), gd = g.data();
    for (int i = 0; i < gd.length; i++) gx[i] += gd[i];
  }

  @Override public String describe() {
    return name;
  }

  /** ONNX Flatten: [prod(dims before axis), prod(rest)]. */
  public static int[] flatten(int[] s, int axis) {
    int a = 1, b = 1;
    for (int i = 0; i < s.length; i++) if (i < axis) a *= s[i]; else b *= s[i];
    return new int[] {a, b};
  }

  /** ONNX Reshape: 0 copies the input dim, −1 takes what is left. */
  public static int[] reshape(int[] in, long[] target) {
    int[] r = new int[target.length];
    int infer = -1, known = 1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == 0) r[i] = in[i];
      else if (target[i] == -1) { infer = i; continue; }
      else r[i] = (int) target[i];
      known *= r[i];
    }
    if (infer >= 0) r[infer] = NDArray.sizeOf(in) / Math.max(known, 1);
    return r;
  }
}
