package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An array read from a {@code .npy} file: its shape, element type and the raw element bytes in
 * the file's byte order. Convert with {@link #toDoubles()}, {@link #toLongs()} or {@link
 * #toInts()}. The raw bytes are owned by this value and never mutated.
 */
public record NpyArray(String source, int[] shape, NpyDtype dtype, ByteOrder order, byte[] data) {

  public NpyArray {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a 0-d array). */
  public int length() {
    return data.length / dtype.bytes();
  }

  /** All elements as doubles (exact for every supported type except int64 beyond 2^53). */
  public double[] toDoubles() {
    ByteBuffer b = ByteBuffer.wrap(data).order(order);
    int n = length();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = dtype.valueAt(b, i * dtype.bytes());
    return out;
  }

  /** All elements as longs, exactly; float arrays are refused (their values need not be whole). */
  public long[] toLongs() {
    if (dtype.isFloat()) {
      throw new BadInputException(source + ": expected an integer array (int64, int32 or uint8), found " + dtype.code());
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(order);
    int n = length();
    long[] out = new long[n];
    switch (dtype) {
      case INT64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(i * 8); }
      case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
      case UINT8 -> { for (int i = 0; i < n; i++) out[i] = data[i] & 0xff; }
      default -> throw new IllegalStateException(dtype.toString());
    }
    return out;
  }

  /** All elements as ints; integer arrays only, each value must fit an int. */
  public int[] toInts() {
    long[] l = toLongs();
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      if (l[i] < Integer.MIN_VALUE || l[i] > Integer.MAX_VALUE) {
        throw new BadInputException(source + ": value " + l[i] + " at index " + i + " does not fit an int");
      }
      out[i] = (int) l[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray a && dtype == a.dtype && order.equals(a.order)
        && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray[" + source + ", " + dtype.code() + " " + Arrays.toString(shape) + "]";
  }
}
