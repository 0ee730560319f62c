package insitu.runtime.ops;

import insitu.compiler.ir.Op;
import insitu.runtime.exec.Frame;
import insitu.runtime.tensor.NDArray;

/** The elementwise functions of {@link Op.Unary}: forward and derivative from {@link insitu.compiler.ir.UnaryFunction}. */
final class ElementwiseKernel extends OpKernel<Op.Unary> {
  ElementwiseKernel(String name, Op.Unary op, int in, int out) {
    super(name, op, in, out);
  }

  @Override public void forward(Frame f) {
    forwardEach(f, v -> op.fn().apply(v, op.alpha(), op.beta()));
  }

  @Override public void backward(Frame f) {
    NDArray gy = f.grad(out);
    if (gy == null || !f.needsGrad(in)) return;
    double[] g = gy.data(), a = f.value(in).data(), y = f.value(out).data(), gx = f.gradBuffer(in);
    for (int i = 0; i < g.length; i++) gx[i] += g[i] * op.fn().derivative(a[i], y[i], op.alpha(), op.beta());
  }
}
