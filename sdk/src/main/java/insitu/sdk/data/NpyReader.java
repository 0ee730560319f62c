package insitu.sdk.data;

import insitu.errors.BadInputException;
import insitu.runtime.train.Float32Source;
import insitu.runtime.train.Float64Source;
import insitu.runtime.train.SampleSource;
import insitu.runtime.train.Uint8Source;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0, little- or big-endian, of
 * dtype float32, float64, int64, int32 or uint8, in C (row-major) order. The header's shape and
 * dtype are checked against the file's real length before the data is allocated.
 */
public final class NpyReader {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** NumPy writes headers of a few hundred bytes (and refuses to read ones over 10,000 by default). */
  static final int MAX_HEADER = 1 << 16;

  /** What the header says the data holds, checked against the file's length. */
  private record Layout(int[] shape, NpyDtype dtype, ByteOrder order, long count) {}

  private NpyReader() {}

  /** Reads the whole file; every problem is a {@link BadInputException} naming the file. */
  public static NpyArray read(Path file) {
    DataFile f = DataFile.of(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, Files.size(file), f.toString());
    } catch (IOException e) {
      throw new BadInputException(DataFile.shown(file) + ": cannot read: " + DataFile.oneLine(e.getMessage()), e);
    }
  }

  /** Decodes the bytes of a .npy file; {@code source} names it in error messages. */
  static NpyArray decode(byte[] bytes, String source) {
    try {
      return read(new ByteArrayInputStream(bytes), bytes.length, source);
    } catch (IOException e) {
      throw new IllegalStateException("reading memory", e);
    }
  }

  private static NpyArray read(InputStream in, long length, String source) throws IOException {
    Layout l = layout(in, length, source);
    byte[] data = InputChecks.allocate(l.count() * l.dtype().bytes(), 1, byte[]::new, source);
    readFully(in, data, data.length, source);
    return new NpyArray(source, l.shape(), l.dtype(), l.order(), data);
  }

  /** Reads the prefix and the header, leaving {@code in} at the first data byte. */
  private static Layout layout(InputStream in, long length, String source) throws IOException {
    byte[] prefix = in.readNBytes(10);
    if (prefix.length < 10 || !Arrays.equals(prefix, 0, 6, MAGIC, 0, 6)) {
      throw new BadInputException(source + ": not a NumPy .npy file (wrong magic)");
    }
    int major = prefix[6] & 0xff;
    int minor = prefix[7] & 0xff;
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = ByteBuffer.wrap(prefix, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      byte[] rest = in.readNBytes(2);
      if (rest.length < 2) throw new BadInputException(source + ": truncated .npy header");
      byte[] len = {prefix[8], prefix[9], rest[0], rest[1]};
      headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new BadInputException(source + ": .npy format version " + major + "." + minor
          + " is not supported (1.0, 2.0 and 3.0 are)");
    }
    if (headerStart + headerLength > length) throw new BadInputException(source + ": truncated .npy header");
    if (headerLength > MAX_HEADER) {
      throw new BadInputException(source + ": .npy header of " + headerLength + " bytes; a plain array's takes at most "
          + MAX_HEADER);
    }
    byte[] headerBytes = new byte[(int) headerLength];
    readFully(in, headerBytes, headerBytes.length, source);
    // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
    String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(text, source);
    if (header.fortranOrder()) {
      throw new BadInputException(source + ": fortran_order=True (column-major) arrays are not supported;"
          + " save np.ascontiguousarray(a) instead");
    }
    String descr = header.descr();
    NpyDtype dtype = NpyDtype.ofCode(descr.length() == 3 ? descr.substring(1) : descr);
    char orderChar = descr.length() == 3 ? descr.charAt(0) : '|';
    if (dtype == null || "<>|=".indexOf(orderChar) < 0 || (orderChar == '|' && dtype.bytes() > 1)) {
      throw new BadInputException(source + ": dtype '" + NpyHeader.shown(descr)
          + "' is not supported; use float32, float64, int64, int32 or uint8");
    }
    // '=' is the writer's native order; every platform NumPy runs on today is little-endian.
    ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    long count = 1;
    for (int d : header.shape()) {
      count *= d;
      if (count * dtype.bytes() > InputChecks.MAX_ARRAY) {
        throw new BadInputException(source + ": shape " + Arrays.toString(header.shape()) + " of " + dtype.code()
            + " is too large to load");
      }
    }
    long expected = count * dtype.bytes();
    long found = length - headerStart - headerLength;
    if (found < expected) {
      throw new BadInputException(source + ": truncated, shape " + Arrays.toString(header.shape()) + " of "
          + dtype.code() + " needs " + expected + " data bytes, found " + found);
    }
    if (found > expected) {
      throw new BadInputException(source + ": " + (found - expected) + " extra bytes after the array data");
    }
    return new Layout(header.shape(), dtype, order, count);
  }

  private static void readFully(InputStream in, byte[] into, int length, String source) throws IOException {
    int got = in.readNBytes(into, 0, length);
    if (got < length) throw new BadInputException(source + ": truncated (the file changed while it was read)");
  }

  /**
   * Reads {@code npy:X.npy,Y.npy}: X holds the inputs with the sample count as its first
   * dimension (the rest is the sample shape, {1} for a 1-d X); Y holds one integer label per
   * sample, shape (N) or (N, 1). Inputs must be finite, labels non-negative, N at least 1; the
   * number of classes is the largest label plus one. X is kept as compact as it is stored: uint8
   * as bytes, float32 as floats, the other types as doubles.
   */
  public static Dataset readDataset(Path xFile, Path yFile) {
    int[] y = labels(yFile);
    DataFile f = DataFile.of(xFile);
    String source = f.toString();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(xFile), 1 << 16)) {
      Layout l = layout(in, Files.size(xFile), source);
      int[] xs = l.shape();
      if (xs.length == 0) throw new BadInputException(DataFile.shown(xFile) + ": inputs must have a sample dimension, found a scalar");
      int n = xs[0];
      if (n == 0) throw new BadInputException(DataFile.shown(xFile) + ": holds no samples (shape " + Arrays.toString(xs) + ")");
      int[] sampleShape = xs.length == 1 ? new int[] {1} : Arrays.copyOfRange(xs, 1, xs.length);
      for (int d : sampleShape) {
        if (d == 0) throw new BadInputException(DataFile.shown(xFile) + ": sample shape " + Arrays.toString(sampleShape) + " is empty");
      }
      if (y.length != n) {
        throw new BadInputException(DataFile.shown(yFile) + ": " + y.length + " labels for " + n + " samples in " + DataFile.shown(xFile.getFileName()));
      }
      SampleSource values = values(in, l, (int) (l.count() / n), source);
      int classes = InputChecks.classesOf(y, DataFile.shown(yFile));
      return new Dataset(values, y, sampleShape, classes, "npy:" + DataFile.shown(xFile.getFileName()));
    } catch (IOException e) {
      throw new BadInputException(DataFile.shown(xFile) + ": cannot read: " + DataFile.oneLine(e.getMessage()), e);
    }
  }

  private static int[] labels(Path yFile) {
    NpyArray ya = read(yFile);
    int[] ys = ya.shape();
    if (!(ys.length == 1 || (ys.length == 2 && ys[1] == 1))) {
      throw new BadInputException(DataFile.shown(yFile) + ": labels must have shape (N,) or (N, 1), found " + Arrays.toString(ys));
    }
    if (ya.dtype().isFloat()) {
      throw new BadInputException(DataFile.shown(yFile) + ": labels must be integers (int64), found " + ya.dtype().code());
    }
    return ya.toInts();
  }

  /** The data as a sample store of its own width, decoded chunk by chunk, non-finite values refused. */
  private static SampleSource values(InputStream in, Layout l, int per, String source) throws IOException {
    long count = l.count();
    NpyDtype dtype = l.dtype();
    if (dtype == NpyDtype.UINT8) {
      byte[] codes = InputChecks.allocate(count, 1, byte[]::new, source);
      readFully(in, codes, codes.length, source);
      return Uint8Source.dividedBy(codes, per, 1.0);
    }
    float[] floats = dtype == NpyDtype.FLOAT32 ? InputChecks.allocate(count, 4, float[]::new, source) : null;
    double[] doubles = floats == null ? InputChecks.allocate(count, 8, double[]::new, source) : null;
    byte[] chunk = new byte[1 << 16];
    ByteBuffer b = ByteBuffer.wrap(chunk).order(l.order());
    int size = dtype.bytes();
    for (long done = 0; done < count; ) {
      int k = (int) Math.min(chunk.length / size, count - done);
      readFully(in, chunk, k * size, source);
      for (int j = 0; j < k; j++) {
        double v = dtype.valueAt(b, j * size);
        InputChecks.requireFinite(v, done + j, per, source);
        if (floats != null) floats[(int) (done + j)] = (float) v;
        else doubles[(int) (done + j)] = v;
      }
      done += k;
    }
    return floats != null ? new Float32Source(floats, per) : new Float64Source(doubles, per);
  }
}
