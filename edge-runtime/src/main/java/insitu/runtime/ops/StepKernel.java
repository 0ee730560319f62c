package insitu.runtime.ops;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.StepFunctions;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/**
 * Round, Floor, Ceil, Sign: inference only. The trainer refuses graphs that would need their
 * gradient, so backward only runs when nothing upstream is trainable, and then adds nothing.
 */
final class StepKernel implements Kernel {
  private final String name;
  private final Op.StepFunction op;
  private final int in, out;

  StepKernel(String name, Op.StepFunction op, int in, int out) {
    this.name = name;
    this.op = op;
    this.in = in;
    this.out = out;
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    double[] a = x.data(), y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = StepFunctions.apply(op.kind(), a[i]);
    f.set(out, new NDArray(x.shape(), y));
  }

  @Override public void backward(Frame f) {
    if (f.grad(out) != null && f.needsGrad(in))
      throw new IllegalStateException("node '" + name + "' (" + op.type() + ") is not differentiable");
  }

  @Override public String describe() {
    return name + " (" + op.type() + ")";
  }
}
