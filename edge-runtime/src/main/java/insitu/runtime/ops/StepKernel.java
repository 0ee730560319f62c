package insitu.runtime.ops;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.StepFunctions;
import insitu.runtime.exec.Frame;

/**
 * Round, Floor, Ceil, Sign: inference only. The trainer refuses graphs that would need their
 * gradient, so backward only runs when nothing upstream is trainable, and then adds nothing.
 */
final class StepKernel extends OpKernel<Op.StepFunction> {
  StepKernel(String name, Op.StepFunction op, int in, int out) {
    super(name, op, in, out);
  }

  @Override public void forward(Frame f) {
    forwardEach(f, v -> StepFunctions.apply(op.kind(), v));
  }

  @Override public void backward(Frame f) {
    if (f.grad(out) != null && f.needsGrad(in))
      throw new IllegalStateException("node '" + name + "' (" + op.type() + ") is not differentiable");
  }
}
