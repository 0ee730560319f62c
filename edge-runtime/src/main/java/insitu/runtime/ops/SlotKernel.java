package insitu.runtime.ops;

import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;
import java.util.function.DoubleUnaryOperator;

/** What most kernels start from: their node's name, the slot of its (main) input and the slot of its output. */
abstract class SlotKernel implements Kernel {
  final String name;
  final int in, out;

  SlotKernel(String name, int in, int out) {
    this.name = name;
    this.in = in;
    this.out = out;
  }

  /** The forward pass of an elementwise function: fn of every input element, in the input's shape. */
  final void forwardEach(Frame f, DoubleUnaryOperator fn) {
    NDArray x = f.value(in);
    double[] a = x.data(), y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = fn.applyAsDouble(a[i]);
    f.set(out, new NDArray(x.shape(), y));
  }
}
