package insitu.runtime.ops;

import insitu.runtime.exec.Frame;

/**
 * One node of the graph, executable: forward and backward side by side. A kernel may cache what
 * its backward needs during forward; kernels are not shared between threads.
 */
public interface Kernel {
  void forward(Frame f);

  /** Adds the gradients of its inputs from the gradients of its outputs (absent ones count as zero). */
  void backward(Frame f);

  /** Op name for error messages. */
  String describe();
}
