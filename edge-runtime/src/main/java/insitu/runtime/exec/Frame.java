package insitu.runtime.exec;

import insitu.runtime.tensor.NDArray;

/** The values and gradients of one forward/backward pass, addressed by slot. */
public final class Frame {
  final NDArray[] values;
  final NDArray[] grads;
  private final boolean[] needsGrad;

  Frame(int slots, boolean[] needsGrad) {
    values = new NDArray[slots];
    grads = new NDArray[slots];
    this.needsGrad = needsGrad;
  }

  /**
   * Whether anything trainable lies upstream of a slot. Kernels may skip computing the gradient
   * of an input that does not need one (the network input, constants): it is never read.
   */
  public boolean needsGrad(int slot) {
    return needsGrad[slot];
  }

  public NDArray value(int slot) {
    return values[slot];
  }

  public void set(int slot, NDArray v) {
    values[slot] = v;
  }

  /** Gradient of a slot, or null when nothing flows back into it. */
  public NDArray grad(int slot) {
    return grads[slot];
  }

  /** Adds {@code g} into the gradient of a slot (values used twice get the sum). */
  public void addGrad(int slot, NDArray g) {
    NDArray cur = grads[slot];
    if (cur == null) {
      grads[slot] = new NDArray(g.shape().clone(), g.data().clone());
      return;
    }
    double[] a = cur.data(), b = g.data();
    if (a.length != b.length) throw new IllegalStateException("gradient shape mismatch in slot " + slot);
    for (int i = 0; i < a.length; i++) a[i] += b[i];
  }

  /** Adds into the gradient of a slot directly from a raw array of the value's shape. */
  public double[] gradBuffer(int slot) {
    if (grads[slot] == null) grads[slot] = NDArray.zeros(values[slot].shape());
    return grads[slot].data();
  }

  void clearGrads() {
    java.util.Arrays.fill(grads, null);
  }
}
