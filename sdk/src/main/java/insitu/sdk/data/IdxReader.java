package insitu.sdk.data;

import insitu.errors.BadInputException;
import insitu.runtime.train.Uint8Source;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST: a big-endian magic ({@code 0x00000803} for
 * unsigned-byte images N×H×W, {@code 0x00000801} for unsigned-byte labels N), the dimensions as
 * big-endian uint32, then the bytes. Files may be gzipped or not; that is decided by the gzip
 * magic bytes, not by the file name. The size a header declares is checked against the real
 * (inflated) length of the file before anything is allocated.
 */
public final class IdxReader {

  /** Unsigned-byte images, the pixel codes as stored: {@code count × rows × cols}, row-major. */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    /** The images as samples, each pixel {@code code / 255.0} (in [0, 1]) when gathered. */
    public Uint8Source values() {
      return Uint8Source.dividedBy(pixels, rows * cols, 255.0);
    }
  }

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private static final String[] IMAGE_DIMS = {"image count", "rows", "cols"};
  private static final String[] LABEL_DIMS = {"label count"};

  private IdxReader() {}

  /** Reads an images file; its pixels are kept as bytes. */
  public static Images readImages(Path file) {
    DataFile f = DataFile.of(file);
    try (DataInputStream in = new DataInputStream(f.open())) {
      int[] d = header(f, in, IMAGES_MAGIC, IMAGE_DIMS);
      return new Images(d[0], d[1], d[2], body(f, in, (long) d[0] * d[1] * d[2], 16));
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** Reads a labels file. */
  public static int[] readLabels(Path file) {
    DataFile f = DataFile.of(file);
    try (DataInputStream in = new DataInputStream(f.open())) {
      int n = header(f, in, LABELS_MAGIC, LABEL_DIMS)[0];
      byte[] raw = body(f, in, n, 8);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) labels[i] = raw[i] & 0xff;
      return labels;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * The four standard files of {@code dir} ({@code train-images-idx3-ubyte}, {@code
   * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
   * optionally with {@code .gz}) as samples of shape {1, H, W}. Each split is read when first
   * asked for, so evaluating never reads the training images. The number of classes is the
   * largest label of either split plus one (both label files are small and read for each split).
   */
  public static DatasetSplit readDirectory(Path dir) {
    if (!Files.isDirectory(dir)) throw new BadInputException(DataFile.shown(dir) + ": no such directory of IDX files");
    String name = "idx:" + DataFile.shown(dir);
    Path trainImages = find(dir, "train-images-idx3-ubyte");
    Path trainLabels = find(dir, "train-labels-idx1-ubyte");
    Path testImages = find(dir, "t10k-images-idx3-ubyte");
    Path testLabels = find(dir, "t10k-labels-idx1-ubyte");
    return DatasetSplit.lazy(
        () -> split(trainImages, trainLabels, testImages, testLabels, name),
        () -> split(testImages, testLabels, trainImages, trainLabels, name));
  }

  private static Dataset split(Path images, Path labels, Path otherImages, Path otherLabels, String name) {
    Images x = readImages(images);
    int[] y = readLabels(labels);
    if (x.count() != y.length) {
      throw new BadInputException(DataFile.shown(labels) + ": " + y.length + " labels for " + x.count() + " images in " + DataFile.shown(images.getFileName()));
    }
    int[] other = imagesHeader(otherImages);
    if (other[1] != x.rows() || other[2] != x.cols()) {
      throw new BadInputException(DataFile.shown(images) + ": images are " + x.rows() + "×" + x.cols() + " but those of "
          + DataFile.shown(otherImages.getFileName()) + " are " + other[1] + "×" + other[2]);
    }
    int classes = Math.max(InputChecks.classesOf(y, DataFile.shown(labels)),
        InputChecks.classesOf(readLabels(otherLabels), DataFile.shown(otherLabels)));
    return new Dataset(x.values(), y, new int[] {1, x.rows(), x.cols()}, classes, name);
  }

  /** The dimensions of an images file from its header alone. */
  private static int[] imagesHeader(Path file) {
    DataFile f = DataFile.of(file);
    try (DataInputStream in = new DataInputStream(f.open())) {
      return header(f, in, IMAGES_MAGIC, IMAGE_DIMS);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static Path find(Path dir, String base) {
    for (Path p : new Path[] {dir.resolve(base), dir.resolve(base + ".gz")}) {
      if (Files.isRegularFile(p)) return p;
      if (Files.exists(p)) throw new BadInputException(DataFile.shown(p) + ": not a regular file (a FIFO, socket, device or directory?)");
    }
    throw new BadInputException(DataFile.shown(dir) + ": missing " + base + " (or " + base + ".gz)");
  }

  /** Reads and checks the magic and the dimensions: each at least 1, their product one array's worth. */
  private static int[] header(DataFile f, DataInputStream in, int expected, String[] names) throws IOException {
    int magic = in.readInt();
    if (magic != expected) {
      throw new BadInputException(String.format("%s: wrong magic 0x%08x, expected 0x%08x for IDX unsigned-byte %s",
          f, magic, expected, names.length == 1 ? "labels" : "images"));
    }
    int[] dims = new int[names.length];
    long product = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = in.readInt();
      if (dims[i] < 1) {
        throw new BadInputException(f + ": " + names[i] + " is " + Integer.toUnsignedString(dims[i])
            + (dims[i] == 0 ? "; the file holds no data" : "; that is too large"));
      }
      product *= dims[i];
      if (product > InputChecks.MAX_ARRAY) {
        throw new BadInputException(f + ": " + names[i] + " " + dims[i] + " makes " + product
            + " values, more than one array can hold");
      }
    }
    return dims;
  }

  /** Reads exactly {@code length} bytes after a header of {@code headerBytes}, once the file is known to hold them. */
  private static byte[] body(DataFile f, DataInputStream in, long length, int headerBytes) throws IOException {
    long found = f.contentLength(headerBytes + length) - headerBytes;
    if (found < length) {
      throw new BadInputException(f + ": truncated, header promises " + length + " data bytes, found " + found);
    }
    if (found > length) throw new BadInputException(f + ": extra bytes after the " + length + " data bytes");
    byte[] body = InputChecks.allocate(length, 1, byte[]::new, f.toString());
    in.readFully(body);
    return body;
  }

  private static BadInputException unreadable(Path file, IOException e) {
    if (e instanceof EOFException) return new BadInputException(DataFile.shown(file) + ": truncated (unexpected end of file)", e);
    return new BadInputException(DataFile.shown(file) + ": cannot read: " + DataFile.oneLine(e.getMessage()), e);
  }
}
