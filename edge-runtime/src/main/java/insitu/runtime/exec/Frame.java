package insitu.runtime.exec;

import insitu.numeric.parallel.Workers;
import insitu.runtime.tensor.NDArray;

/**
 * The values and gradients of one forward/backward pass, addressed by slot.
 *
 * <p>The arrays of the previous pass's intermediate slots are handed out again
 * ({@link #valueBuffer}, {@link #gradBuffer}): a training step then allocates almost nothing, and
 * the buffers are still warm in cache. Arrays a caller can still hold (the input, the outputs and
 * their gradients, constants) and arrays shared between slots (views) are never reused.
 */
public final class Frame {
  final NDArray[] values;
  final NDArray[] grads;
  private final boolean[] needsGrad;
  private final double[][] spareValues, spareGrads;
  private final Workers workers;

  /**
   * @param previous the last pass, whose intermediate arrays this one may reuse (null: none)
   * @param keep slots whose arrays stay with the caller (input, outputs)
   * @param constants values that are not the pass's own
   * @param workers the threads the pass's kernels may use
   */
  Frame(int slots, boolean[] needsGrad, Frame previous, int[] keep, NDArray[] constants, Workers workers) {
    this.workers = workers;
    values = new NDArray[slots];
    grads = new NDArray[slots];
    this.needsGrad = needsGrad;
    spareValues = new double[slots][];
    spareGrads = new double[slots][];
    if (previous == null) return;
    // An array is reusable when the last pass held it in one place only, not in a kept slot and
    // not as a constant. A pass holds a few dozen arrays: counting by identity in a flat list is
    // cheaper than hashing them on every batch-1 call.
    double[][] held = new double[previous.values.length + previous.grads.length + constants.length][];
    int n = 0;
    for (NDArray[] set : new NDArray[][] {previous.values, previous.grads, constants})
      for (NDArray a : set) if (a != null) held[n++] = a.data();
    boolean[] kept = new boolean[slots];
    for (int k : keep) kept[k] = true;
    for (int s = 0; s < slots; s++) {
      if (kept[s]) continue;
      NDArray v = previous.values[s], g = previous.grads[s];
      if (v != null && heldOnce(held, n, v.data())) spareValues[s] = v.data();
      if (g != null && heldOnce(held, n, g.data())) spareGrads[s] = g.data();
    }
  }

  private static boolean heldOnce(double[][] held, int n, double[] a) {
    int count = 0;
    for (int i = 0; i < n && count < 2; i++) if (held[i] == a) count++;
    return count == 1;
  }

  /**
   * An array of {@code length} for the value of a slot, with undefined contents (the kernel
   * overwrites every element): last pass's array of the slot when it can be reused.
   */
  public double[] valueBuffer(int slot, int length) {
    double[] a = spareValues[slot];
    spareValues[slot] = null;
    return a != null && a.length == length ? a : new double[length];
  }

  /**
   * Whether anything trainable lies upstream of a slot. Kernels may skip computing the gradient
   * of an input that does not need one (the network input, constants): it is never read.
   */
  public boolean needsGrad(int slot) {
    return needsGrad[slot];
  }

  /** The threads this pass's kernels may use. */
  public Workers workers() {
    return workers;
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
    if (!needsGrad[slot]) return; // never read: see sink
    NDArray cur = grads[slot];
    if (cur == null) {
      grads[slot] = new NDArray(g.shape().clone(), g.data().clone());
      return;
    }
    double[] a = cur.data(), b = g.data();
    if (a.length != b.length) throw new IllegalStateException("gradient shape mismatch in slot " + slot);
    for (int i = 0; i < a.length; i++) a[i] += b[i];
  }

  /**
   * The gradient buffer of a slot that has no gradient yet, with undefined contents: the caller
   * must write every element, as {@code 0.0 + value} (exactly what adding into zeros gives), which
   * saves zeroing the buffer first. Null when the slot already has a gradient: add into
   * {@link #gradBuffer} then.
   */
  public double[] gradBufferToOverwrite(int slot) {
    if (!needsGrad[slot]) return sink(slot);
    if (grads[slot] != null) return null;
    int[] shape = values[slot].shape();
    double[] a = spareGrads[slot];
    spareGrads[slot] = null;
    if (a == null || a.length != NDArray.sizeOf(shape)) a = new double[NDArray.sizeOf(shape)];
    grads[slot] = new NDArray(shape.clone(), a);
    return a;
  }

  /** Adds into the gradient of a slot directly from a raw array of the value's shape. */
  public double[] gradBuffer(int slot) {
    if (!needsGrad[slot]) return sink(slot);
    if (grads[slot] == null) {
      int[] shape = values[slot].shape();
      double[] a = spareGrads[slot];
      spareGrads[slot] = null;
      if (a != null && a.length == NDArray.sizeOf(shape)) java.util.Arrays.fill(a, 0);
      else a = new double[NDArray.sizeOf(shape)];
      grads[slot] = new NDArray(shape.clone(), a);
    }
    return grads[slot].data();
  }

  /**
   * Where a kernel writes the gradient of an input that needs none (the network input, constants
   * and what is computed from them alone): a zeroed scratch array that is never read. The slot
   * keeps no gradient, so the kernels upstream of it skip their backward pass entirely.
   */
  private double[] sink(int slot) {
    int n = NDArray.sizeOf(values[slot].shape());
    if (sink.length < n) sink = new double[n];
    else java.util.Arrays.fill(sink, 0, n, 0);
    return sink;
  }

  private double[] sink = new double[0];

  void clearGrads() {
    java.util.Arrays.fill(grads, null);
  }
}
