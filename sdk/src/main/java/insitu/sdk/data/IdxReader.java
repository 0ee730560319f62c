package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST: a big-endian magic ({@code 0x00000803} for
 * unsigned-byte images N×H×W, {@code 0x00000801} for unsigned-byte labels N), the dimensions as
 * big-endian uint32, then the bytes. Files may be gzipped or not; that is decided by the gzip
 * magic bytes, not by the file name.
 */
public final class IdxReader {

  /** Unsigned-byte images, values scaled to [0, 1]. */
  public record Images(int count, int rows, int cols, double[] pixels) {}

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Reads an images file; pixels are divided by 255. */
  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      requireMagic(file, magic, IMAGES_MAGIC, "images");
      int n = dim(file, in.readInt(), "count");
      int h = dim(file, in.readInt(), "rows");
      int w = dim(file, in.readInt(), "cols");
      long total = (long) n * h * w;
      if (total > Integer.MAX_VALUE - 8) {
        throw new BadInputException(file + ": " + n + " images of " + h + "×" + w + " are too many to load");
      }
      byte[] raw = readBody(file, in, (int) total);
      double[] pixels = new double[raw.length];
      for (int i = 0; i < raw.length; i++) pixels[i] = (raw[i] & 0xff) / 255.0;
      return new Images(n, h, w, pixels);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** Reads a labels file. */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      requireMagic(file, magic, LABELS_MAGIC, "labels");
      int n = dim(file, in.readInt(), "count");
      byte[] raw = readBody(file, in, n);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) labels[i] = raw[i] & 0xff;
      return labels;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Reads the four standard files of {@code dir} ({@code train-images-idx3-ubyte}, {@code
   * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
   * optionally with {@code .gz}) into samples of shape {1, H, W}. The number of classes is the
   * largest label of either split plus one.
   */
  public static DatasetSplit readDirectory(Path dir) {
    if (!Files.isDirectory(dir)) throw new BadInputException(dir + ": no such directory of IDX files");
    String name = "idx:" + dir;
    Path trainImages = find(dir, "train-images-idx3-ubyte");
    Path trainLabels = find(dir, "train-labels-idx1-ubyte");
    Path testImages = find(dir, "t10k-images-idx3-ubyte");
    Path testLabels = find(dir, "t10k-labels-idx1-ubyte");
    Images trX = readImages(trainImages);
    int[] trY = readLabels(trainLabels);
    Images teX = readImages(testImages);
    int[] teY = readLabels(testLabels);
    requireSameCount(trainImages, trX.count(), trainLabels, trY.length);
    requireSameCount(testImages, teX.count(), testLabels, teY.length);
    if (teX.rows() != trX.rows() || teX.cols() != trX.cols()) {
      throw new BadInputException(testImages + ": images are " + teX.rows() + "×" + teX.cols()
          + " but the training images are " + trX.rows() + "×" + trX.cols());
    }
    int classes = Math.max(InputChecks.classesOf(trY, trainLabels.toString()),
        InputChecks.classesOf(teY, testLabels.toString()));
    int[] shape = {1, trX.rows(), trX.cols()};
    return new DatasetSplit(new Dataset(trX.pixels(), trY, shape, classes, name),
        new Dataset(teX.pixels(), teY, shape, classes, name));
  }

  private static Path find(Path dir, String base) {
    Path plain = dir.resolve(base);
    if (Files.isRegularFile(plain)) return plain;
    Path gz = dir.resolve(base + ".gz");
    if (Files.isRegularFile(gz)) return gz;
    throw new BadInputException(dir + ": missing " + base + " (or " + base + ".gz)");
  }

  private static void requireSameCount(Path images, int n, Path labels, int m) {
    if (n != m) {
      throw new BadInputException(labels + ": " + m + " labels for " + n + " images in " + images.getFileName());
    }
  }

  /** Opens the file, unzipping it when it starts with the gzip magic 1f 8b. */
  static DataInputStream open(Path file) throws IOException {
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": file not found");
    }
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    return new DataInputStream(raw);
  }

  private static void requireMagic(Path file, int magic, int expected, String what) {
    if (magic != expected) {
      throw new BadInputException(String.format("%s: wrong magic 0x%08x, expected 0x%08x for IDX unsigned-byte %s",
          file, magic, expected, what));
    }
  }

  private static int dim(Path file, int value, String what) {
    if (value < 0) throw new BadInputException(file + ": " + what + " " + (value & 0xffffffffL) + " is too large");
    return value;
  }

  private static byte[] readBody(Path file, DataInputStream in, int length) throws IOException {
    byte[] body = new byte[length];
    int got = in.readNBytes(body, 0, length);
    if (got < length) {
      throw new BadInputException(file + ": truncated, header promises " + length + " data bytes, found " + got);
    }
    if (in.read() != -1) throw new BadInputException(file + ": extra bytes after the " + length + " data bytes");
    return body;
  }

  private static BadInputException unreadable(Path file, IOException e) {
    if (e instanceof EOFException) return new BadInputException(file + ": truncated (unexpected end of file)", e);
    return new BadInputException(file + ": cannot read: " + e.getMessage(), e);
  }
}
