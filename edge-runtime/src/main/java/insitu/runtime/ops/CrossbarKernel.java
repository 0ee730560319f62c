package insitu.runtime.ops;

import insitu.runtime.crossbar.CrossbarBlock;

/** A kernel whose weight lives on a crossbar block, with an optional bias input. */
abstract class CrossbarKernel extends SlotKernel {
  final CrossbarBlock block;
  /** Where dL/dW (outputs × inputs) is accumulated; shared by every node that uses the block. */
  final double[] weightGrad;
  /** The bias slot, or −1. */
  final int bias;

  CrossbarKernel(String name, CrossbarBlock block, double[] weightGrad, int in, int bias, int out) {
    super(name, in, out);
    this.block = block;
    this.weightGrad = weightGrad;
    this.bias = bias;
  }

  /** The node's name and what it computes on which block, for messages. */
  String describeOn(String what) {
    return name + " (" + what + " on crossbar '" + block.name() + "')";
  }
}
