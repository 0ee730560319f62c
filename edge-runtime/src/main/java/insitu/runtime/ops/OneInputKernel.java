package insitu.runtime.ops;

import insitu.compiler.ir.Op;

/** What a kernel of one input and one output starts from: its node's name, op and slots. */
abstract class OneInputKernel<O extends Op> implements Kernel {
  final String name;
  final O op;
  final int in, out;

  OneInputKernel(String name, O op, int in, int out) {
    this.name = name;
    this.op = op;
    this.in = in;
    this.out = out;
  }

  @Override public String describe() {
    return name + " (" + op.type() + ")";
  }
}
