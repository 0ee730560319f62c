package insitu.runtime.ops;

import insitu.compiler.ir.Op;

/** A kernel of its node's op, reading its main input from slot {@code in} (a subclass keeps any others), named with the op in messages. */
abstract class OpKernel<O extends Op> extends SlotKernel {
  final O op;

  OpKernel(String name, O op, int in, int out) {
    super(name, in, out);
    this.op = op;
  }

  @Override public String describe() {
    return name + " (" + op.type() + ")";
  }
}
