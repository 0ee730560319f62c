package insitu.runtime.ops;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.errors.BadInputException;
import insitu.runtime.ops.UnaryKernel.Activation;

/** Builds the digital kernel of a node. */
public final class KernelFactory {
  private KernelFactory() {}

  public static Kernel digital(Node n, int[] in, int[] out) {
    Op op = n.op();
    String name = n.name();
    if (op instanceof Op.Relu) return new UnaryKernel(name, Activation.of(UnaryKernel.Fn.RELU), in[0], out[0]);
    if (op instanceof Op.LeakyRelu l) return new UnaryKernel(name, Activation.leakyRelu(l.alpha()), in[0], out[0]);
    if (op instanceof Op.Sigmoid) return new UnaryKernel(name, Activation.of(UnaryKernel.Fn.SIGMOID), in[0], out[0]);
    if (op instanceof Op.Tanh) return new UnaryKernel(name, Activation.of(UnaryKernel.Fn.TANH), in[0], out[0]);
    if (op instanceof Op.Clip c) return new UnaryKernel(name, Activation.clip(c.min(), c.max()), in[0], out[0]);
    if (op instanceof Op.StepFunction s) return new StepKernel(name, s, in[0], out[0]);
    if (op instanceof Op.Identity) return new UnaryKernel(name, Activation.of(UnaryKernel.Fn.IDENTITY), in[0], out[0]);
    if (op instanceof Op.Add) return new BroadcastKernel(name, BroadcastKernel.Fn.ADD, in[0], in[1], out[0]);
    if (op instanceof Op.Sub) return new BroadcastKernel(name, BroadcastKernel.Fn.SUB, in[0], in[1], out[0]);
    if (op instanceof Op.Mul) return new BroadcastKernel(name, BroadcastKernel.Fn.MUL, in[0], in[1], out[0]);
    if (op instanceof Op.Div) return new BroadcastKernel(name, BroadcastKernel.Fn.DIV, in[0], in[1], out[0]);
    if (op instanceof Op.MaxPool p)
      return new PoolKernel(name, PoolKernel.Kind.MAX, p.kernel(), p.strides(), p.pads(), false, in[0], out[0]);
    if (op instanceof Op.AveragePool p)
      return new PoolKernel(name, PoolKernel.Kind.AVERAGE, p.kernel(), p.strides(), p.pads(), p.countIncludePad(), in[0], out[0]);
    if (op instanceof Op.GlobalAveragePool)
      return new PoolKernel(name, PoolKernel.Kind.GLOBAL_AVERAGE, new int[2], new int[2], new int[4], false, in[0], out[0]);
    if (op instanceof Op.Flatten fl) return new ShapeKernel(name, s -> ShapeKernel.flatten(s, fl.axis() < 0 ? s.length + fl.axis() : fl.axis()), in[0], out[0]);
    if (op instanceof Op.Reshape r) return new ShapeKernel(name, s -> ShapeKernel.reshape(s, r.shape()), in[0], out[0]);
    if (op instanceof Op.Squeeze sq) return new ShapeKernel(name, s -> ShapeOps.squeeze(s, sq.axes()), in[0], out[0]);
    if (op instanceof Op.Unsqueeze u) return new ShapeKernel(name, s -> ShapeOps.unsqueeze(s, u.axes()), in[0], out[0]);
    if (op instanceof Op.Im2Col c) return new Im2ColKernel(name, c.kernel(), c.strides(), c.pads(), in[0], out[0]);
    Kernel k = PeripheryKernels.of(n, in, out);
    if (k == null) k = StructuralKernels.of(n, in, out);
    if (k != null) return k;
    throw new BadInputException("node '" + name + "': op " + op.type() + " has no runtime kernel");
  }
}
