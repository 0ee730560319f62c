package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes NumPy {@code .npy} files (format 1.0, or 2.0 when the header needs it). Model outputs go
 * out as little-endian float32 ({@link #writeFloat32}); the general {@link #write} exists for
 * tests and tools. Files are written to a temporary sibling and renamed, so a reader never sees
 * half a file.
 */
public final class NpyWriter {

  private NpyWriter() {}

  /** Writes {@code values} as little-endian float32 with the given C-order shape. */
  public static void writeFloat32(Path file, int[] shape, double[] values) {
    write(file, shape, NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, values);
  }

  /**
   * Writes {@code values} as {@code dtype} in byte order {@code order}. For integer dtypes every
   * value must be a whole number that fits the type.
   */
  public static void write(Path file, int[] shape, NpyDtype dtype, ByteOrder order, double[] values) {
    byte[] bytes = encode(shape, dtype, order, values, 0);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot write: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Best effort: the rename already succeeded or the write failed and was reported.
        }
      }
    }
  }

  /**
   * The bytes of a .npy file. {@code major} 0 picks the smallest version that fits (1, else 2);
   * tests pass 1, 2 or 3 to produce each version.
   */
  static byte[] encode(int[] shape, NpyDtype dtype, ByteOrder order, double[] values, int major) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in shape");
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException("shape holds " + count + " values, got " + values.length);
    }
    char orderChar = dtype.bytes() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) dims.append(i == 0 ? "" : ", ").append(shape[i]);
    if (shape.length == 1) dims.append(',');
    dims.append(')');
    String dict = "{'descr': '" + orderChar + dtype.code() + "', 'fortran_order': False, 'shape': "
        + dims + ", }";
    byte[] dictBytes = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (major == 0) major = (10 + dictBytes.length + 1 + 63) / 64 * 64 - 10 <= 65535 ? 1 : 2;
    int preamble = major == 1 ? 10 : 12;
    // NumPy pads the header with spaces and a final newline so the data starts 64-byte aligned.
    int total = preamble + dictBytes.length + 1;
    int padded = (total + 63) / 64 * 64;
    int headerLength = padded - preamble;
    ByteBuffer b = ByteBuffer.allocate(padded + values.length * dtype.bytes());
    b.order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) b.putShort((short) headerLength);
    else b.putInt(headerLength);
    b.put(dictBytes);
    while (b.position() < padded - 1) b.put((byte) ' ');
    b.put((byte) '\n');
    b.order(order);
    for (double v : values) {
      switch (dtype) {
        case FLOAT32 -> b.putFloat((float) v);
        case FLOAT64 -> b.putDouble(v);
        case INT64 -> b.putLong(whole(v, Long.MIN_VALUE, Long.MAX_VALUE));
        case INT32 -> b.putInt((int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
        case UINT8 -> b.put((byte) whole(v, 0, 255));
      }
    }
    return b.array();
  }

  private static long whole(double v, long min, long max) {
    if (v != Math.rint(v) || v < min || v > max) {
      throw new IllegalArgumentException("value " + v + " is not a whole number in " + min + ".." + max);
    }
    return (long) v;
  }
}
