package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0, little- or big-endian, of
 * dtype float32, float64, int64, int32 or uint8, in C (row-major) order.
 */
public final class NpyReader {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private NpyReader() {}

  /** Reads the whole file; every problem is a {@link BadInputException} naming the file. */
  public static NpyArray read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": file not found");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    return decode(bytes, file.toString());
  }

  /** Decodes the bytes of a .npy file; {@code source} names it in error messages. */
  static NpyArray decode(byte[] bytes, String source) {
    if (bytes.length < 10 || !Arrays.equals(bytes, 0, 6, MAGIC, 0, 6)) {
      throw new BadInputException(source + ": not a NumPy .npy file (wrong magic)");
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = b.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) throw new BadInputException(source + ": truncated .npy header");
      headerLength = b.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new BadInputException(source + ": .npy format version " + major + "." + minor
          + " is not supported (1.0, 2.0 and 3.0 are)");
    }
    if (headerStart + headerLength > bytes.length) {
      throw new BadInputException(source + ": truncated .npy header");
    }
    int dataStart = (int) (headerStart + headerLength);
    // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
    String text = new String(bytes, headerStart, (int) headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(text, source);
    if (header.fortranOrder()) {
      throw new BadInputException(source + ": fortran_order=True (column-major) arrays are not supported;"
          + " save np.ascontiguousarray(a) instead");
    }
    String descr = header.descr();
    NpyDtype dtype = NpyDtype.ofCode(descr.length() == 3 ? descr.substring(1) : descr);
    char orderChar = descr.length() == 3 ? descr.charAt(0) : '|';
    if (dtype == null || "<>|=".indexOf(orderChar) < 0 || (orderChar == '|' && dtype.bytes() > 1)) {
      throw new BadInputException(source + ": dtype '" + descr
          + "' is not supported; use float32, float64, int64, int32 or uint8");
    }
    // '=' is the writer's native order; every platform NumPy runs on today is little-endian.
    ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    long count = 1;
    for (int d : header.shape()) {
      count *= d;
      if (count > Integer.MAX_VALUE) throw new BadInputException(source + ": array is too large to load");
    }
    long expected = count * dtype.bytes();
    long found = bytes.length - dataStart;
    if (found < expected) {
      throw new BadInputException(source + ": truncated, shape " + Arrays.toString(header.shape()) + " of "
          + dtype.code() + " needs " + expected + " data bytes, found " + found);
    }
    if (found > expected) {
      throw new BadInputException(source + ": " + (found - expected) + " extra bytes after the array data");
    }
    return new NpyArray(source, header.shape(), dtype, order,
        Arrays.copyOfRange(bytes, dataStart, bytes.length));
  }

  /**
   * Reads {@code npy:X.npy,Y.npy}: X holds the inputs with the sample count as its first
   * dimension (the rest is the sample shape, {1} for a 1-d X); Y holds one integer label per
   * sample, shape (N) or (N, 1). Inputs must be finite, labels non-negative; the number of classes
   * is the largest label plus one.
   */
  public static Dataset readDataset(Path xFile, Path yFile) {
    NpyArray xa = read(xFile);
    NpyArray ya = read(yFile);
    int[] xs = xa.shape();
    if (xs.length == 0) throw new BadInputException(xFile + ": inputs must have a sample dimension, found a scalar");
    int n = xs[0];
    int[] sampleShape = xs.length == 1 ? new int[] {1} : Arrays.copyOfRange(xs, 1, xs.length);
    for (int d : sampleShape) {
      if (d == 0) throw new BadInputException(xFile + ": sample shape " + Arrays.toString(sampleShape) + " is empty");
    }
    int[] ys = ya.shape();
    if (!(ys.length == 1 || (ys.length == 2 && ys[1] == 1))) {
      throw new BadInputException(yFile + ": labels must have shape (N,) or (N, 1), found " + Arrays.toString(ys));
    }
    if (ys[0] != n) {
      throw new BadInputException(yFile + ": " + ys[0] + " labels for " + n + " samples in " + xFile.getFileName());
    }
    if (ya.dtype().isFloat()) {
      throw new BadInputException(yFile + ": labels must be integers (int64), found " + ya.dtype().code());
    }
    double[] x = xa.toDoubles();
    InputChecks.requireFinite(x, xFile.toString());
    int[] y = ya.toInts();
    int classes = InputChecks.classesOf(y, yFile.toString());
    return new Dataset(x, y, sampleShape, classes, "npy:" + xFile.getFileName());
  }
}
