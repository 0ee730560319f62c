package insitu.compiler.ir;

import java.util.Arrays;

/**
 * A constant tensor: shape plus row-major values. Arrays are owned; do not mutate them.
 *
 * <p>Integers (shapes, indices, pads) are held as doubles too, exactly up to 2^53, which is all
 * shape arithmetic needs; {@code integer} records the element type family of an imported
 * constant, so that constant evaluation divides integers by truncation. Crossbar weights and every
 * other constant a runtime graph reads are floating point.
 */
public record Tensor(int[] shape, double[] data, boolean integer) {

  public Tensor {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("constant tensor with negative dim " + Arrays.toString(shape));
      n *= d;
    }
    if (n != data.length)
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + data.length);
  }

  /** A floating-point tensor. */
  public Tensor(int[] shape, double[] data) {
    this(shape, data, false);
  }

  /** A 1-D integer tensor. */
  public static Tensor ofLongs(long... values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) d[i] = values[i];
    return new Tensor(new int[] {values.length}, d, true);
  }

  /** An integer or floating-point scalar. */
  public static Tensor scalar(double value, boolean integer) {
    return new Tensor(new int[0], new double[] {value}, integer);
  }

  public int size() {
    return data.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  /** The values truncated to longs (for integer constants: shapes, indices, axes). */
  public long[] longs() {
    long[] r = new long[data.length];
    for (int i = 0; i < r.length; i++) r[i] = (long) data[i];
    return r;
  }

  /** The same values as a floating-point tensor (how a runtime graph holds every constant). */
  public Tensor asFloat() {
    return integer ? new Tensor(shape, data, false) : this;
  }

  /** Same shape and values (bit for bit); the element type family is not compared. */
  public boolean sameValues(Tensor o) {
    return Arrays.equals(shape, o.shape) && Arrays.equals(data, o.data);
  }

  @Override public boolean equals(Object o) {
    return o instanceof Tensor t && t.integer == integer && sameValues(t);
  }

  @Override public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data) + (integer ? 1 : 0);
  }

  @Override public String toString() {
    return (integer ? "Ints" : "Tensor") + Arrays.toString(shape) + (data.length <= 8 ? Arrays.toString(data) : "");
  }
}
