package insitu.compiler.ir;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A constant tensor: shape plus row-major values. Arrays are owned; do not mutate them.
 *
 * <p>Values are held either as doubles or, for a float32 weight as a model file stores it, as a
 * float32 buffer (a slice of the memory-mapped file, or a wrapped {@code float[]}): a big model's
 * weights then cost 4 bytes each, off the heap when mapped, instead of 8 on it. Every value reads
 * as the double the float converts to, exactly what a double copy would hold, so the two forms are
 * interchangeable and compare equal. {@link #get}, {@link #read} and {@link #maxAbs} read either
 * form without copying; {@link #data()} gives a double array, made on first use for a float32
 * tensor and kept, which suits small tensors and the runtime but doubles a big weight's footprint.
 *
 * <p>Integers (shapes, indices, pads) are held as doubles too, exactly up to 2^53, which is all
 * shape arithmetic needs; {@code integer} records the element type family of an imported
 * constant, so that constant evaluation divides integers by truncation. Crossbar weights and every
 * other constant a runtime graph reads are floating point.
 */
public final class Tensor {
  private final int[] shape;
  private final int size;
  private final boolean integer;
  private final FloatBuffer floats;
  private volatile double[] doubles;

  public Tensor(int[] shape, double[] data, boolean integer) {
    this(shape, data, null, integer);
    if (size != data.length)
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, data has " + data.length);
  }

  /** A floating-point tensor. */
  public Tensor(int[] shape, double[] data) {
    this(shape, data, false);
  }

  private Tensor(int[] shape, double[] doubles, FloatBuffer floats, boolean integer) {
    this.shape = shape;
    this.size = count(shape);
    this.doubles = doubles;
    this.floats = floats;
    this.integer = integer;
  }

  /**
   * A floating-point tensor over float32 values, read with absolute gets from index 0; the buffer
   * must not change (a read-only slice of a model file, or a wrapped array nobody writes).
   */
  public static Tensor float32(int[] shape, FloatBuffer values) {
    Tensor t = new Tensor(shape, null, values, false);
    if (t.size != values.limit())
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + t.size + " values, data has " + values.limit());
    return t;
  }

  private static int count(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("constant tensor with negative dim " + Arrays.toString(shape));
      n *= d;
      if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("constant tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) n;
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

  public int[] shape() {
    return shape;
  }

  public boolean integer() {
    return integer;
  }

  /**
   * The values as doubles. For a float32 tensor the array is made on the first call and kept (8
   * bytes a value on the heap): big weights are better read with {@link #get} or {@link #read}.
   */
  public double[] data() {
    double[] d = doubles;
    if (d == null) {
      d = new double[size];
      read(0, d, 0, size);
      doubles = d;
    }
    return d;
  }

  /** Whether the values are float32 (4 bytes each) and not yet held as doubles too. */
  public boolean isFloat32() {
    return floats != null && doubles == null;
  }

  /** Value {@code i} (row-major), as a double. */
  public double get(int i) {
    double[] d = doubles;
    return d != null ? d[i] : floats.get(i);
  }

  /** Copies values {@code [from, from + length)} into {@code dst} from {@code offset}, as doubles. */
  public void read(int from, double[] dst, int offset, int length) {
    double[] d = doubles;
    if (d != null) {
      System.arraycopy(d, from, dst, offset, length);
      return;
    }
    for (int k = 0; k < length; k++) dst[offset + k] = floats.get(from + k);
  }

  /** The largest |value| (NaN if any value is NaN), without copying. */
  public double maxAbs() {
    double m = 0;
    for (int i = 0; i < size; i++) m = Math.max(m, Math.abs(get(i)));
    return m;
  }

  public int size() {
    return size;
  }

  public int dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  /** The values truncated to longs (for integer constants: shapes, indices, axes). */
  public long[] longs() {
    long[] r = new long[size];
    for (int i = 0; i < r.length; i++) r[i] = (long) get(i);
    return r;
  }

  /** The same values as a floating-point tensor (how a runtime graph holds every constant). */
  public Tensor asFloat() {
    return integer ? new Tensor(shape, data(), false) : this;
  }

  /** Same shape and values (bit for bit); the element type family is not compared. */
  public boolean sameValues(Tensor o) {
    if (o == this) return true;
    if (!Arrays.equals(shape, o.shape)) return false;
    for (int i = 0; i < size; i++)
      if (Double.doubleToLongBits(get(i)) != Double.doubleToLongBits(o.get(i))) return false;
    return true;
  }

  @Override public boolean equals(Object o) {
    return o instanceof Tensor t && t.integer == integer && sameValues(t);
  }

  /** As a record of (shape, data, integer) hashed, so the value and not the storage decides. */
  @Override public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      long bits = Double.doubleToLongBits(get(i));
      h = 31 * h + (int) (bits ^ (bits >>> 32));
    }
    return 31 * Arrays.hashCode(shape) + h + (integer ? 1 : 0);
  }

  @Override public String toString() {
    return (integer ? "Ints" : "Tensor") + Arrays.toString(shape) + (size <= 8 ? Arrays.toString(data()) : "");
  }
}
