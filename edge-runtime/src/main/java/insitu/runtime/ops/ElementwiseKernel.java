package insitu.runtime.ops;

import insitu.compiler.ir.Op;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/** The elementwise functions of {@link Op.Unary}: forward and derivative from {@link insitu.compiler.ir.UnaryFunction}. */
final class ElementwiseKernel extends OneInputKernel<Op.Unary> {
  ElementwiseKernel(String name, Op.Unary op, int in, int out) {
    super(name, op, in, out);
  }

  @Override public void forward(Frame f) {
    NDArray x = f.value(in);
    double[] a = x.data(), y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = op.fn().apply(a[i], op.alpha(), op.beta());
    f.set(out, new NDArray(x.shape(), y));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null || !f.needsGrad(in)) return;
    double[] g = gy.data(), a = f.value(in).data(), y = f.value(out).data(), gx = f.gradBuffer(in);
    for (int i = 0; i < g.length; i++) gx[i] += g[i] * op.fn().derivative(a[i], y[i], op.alpha(), op.beta());
  }
}
