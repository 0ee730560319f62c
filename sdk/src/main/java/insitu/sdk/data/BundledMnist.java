package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The 10,000 real MNIST digits bundled with the SDK ({@code mnist10k.bin.gz}, derived by
 * {@code tools/data/derive-mnist.sh}; format in {@code tools/data/README.md}). The first 8,000
 * digits are the training split, the last 2,000 the test split.
 *
 * <p>{@link #load()} reads and unpacks the resource once; keep the instance to build both views
 * from it. Each view is computed on request and not cached, so an instance holds only the 7.8 MB
 * of raw bytes.
 */
public final class BundledMnist {

  /** Class-path location of the bundled file. */
  public static final String RESOURCE = "/insitu/sdk/data/mnist10k.bin.gz";
  /** Number of leading digits that form the training split. */
  public static final int TRAIN_SIZE = 8000;

  private static final int VERSION = 1;

  private final String source;
  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] labels;
  private final byte[] pixels;

  private BundledMnist(String source, int count, int rows, int cols, byte[] labels, byte[] pixels) {
    this.source = source;
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.labels = labels;
    this.pixels = pixels;
  }

  /** Reads the bundled resource. */
  public static BundledMnist load() {
    try (InputStream in = BundledMnist.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new BadInputException(RESOURCE + ": bundled data missing from the class path; rebuild the SDK");
      }
      return read(in, RESOURCE);
    } catch (IOException e) {
      throw new BadInputException(RESOURCE + ": cannot read bundled data: " + e.getMessage(), e);
    }
  }

  /** Reads a gzipped MNST stream; {@code source} names it in error messages. */
  static BundledMnist read(InputStream gz, String source) {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(gz, 1 << 16))) {
      byte[] magic = new byte[4];
      in.readFully(magic);
      if (!"MNST".equals(new String(magic, StandardCharsets.ISO_8859_1))) {
        throw new BadInputException(source + ": wrong magic, expected MNST");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new BadInputException(source + ": format version " + version + ", this SDK reads " + VERSION);
      }
      int n = in.readInt();
      int r = in.readInt();
      int c = in.readInt();
      if (n <= TRAIN_SIZE || r != 28 || c != 28) {
        throw new BadInputException(source + ": header says " + n + " digits of " + r + "×" + c
            + ", expected more than " + TRAIN_SIZE + " digits of 28×28");
      }
      byte[] lab = new byte[n];
      in.readFully(lab);
      for (int i = 0; i < n; i++) {
        if (lab[i] < 0 || lab[i] > 9) {
          throw new BadInputException(source + ": label " + i + " is " + (lab[i] & 0xff) + ", expected 0..9");
        }
      }
      byte[] pix = new byte[n * r * c];
      in.readFully(pix);
      if (in.read() != -1) throw new BadInputException(source + ": extra bytes after the pixels");
      return new BundledMnist(source, n, r, c, lab, pix);
    } catch (EOFException e) {
      throw new BadInputException(source + ": truncated", e);
    } catch (IOException e) {
      throw new BadInputException(source + ": not a valid gzip file: " + e.getMessage(), e);
    }
  }

  /** Number of digits, train and test together. */
  public int size() {
    return count;
  }

  /** The digits at full resolution: samples of shape {1, 28, 28}, values in [0, 1]. */
  public DatasetSplit mnist28() {
    double[] x = new double[pixels.length];
    for (int i = 0; i < x.length; i++) x[i] = (pixels[i] & 0xff) / 255.0;
    return split(x, new int[] {1, rows, cols}, "mnist28");
  }

  /**
   * The digits as the paper uses them: the 20×20 centre (rows and columns 4..23) area-averaged to
   * 8×8; samples of shape {1, 8, 8}, values in [0, 1].
   */
  public DatasetSplit mnist8() {
    AreaResampler shrink = AreaResampler.mnistCenter8();
    double[] full = new double[rows * cols];
    double[] tmp = new double[8 * 20];
    double[] x = new double[count * 64];
    for (int i = 0; i < count; i++) {
      int base = i * rows * cols;
      for (int p = 0; p < full.length; p++) full[p] = (pixels[base + p] & 0xff) / 255.0;
      shrink.resample(full, 0, x, i * 64, tmp);
    }
    // Weights sum to 1 only up to rounding; keep the documented [0, 1] range exact.
    for (int i = 0; i < x.length; i++) x[i] = Math.min(1.0, Math.max(0.0, x[i]));
    return split(x, new int[] {1, 8, 8}, "mnist8");
  }

  private DatasetSplit split(double[] x, int[] shape, String name) {
    int[] y = new int[count];
    for (int i = 0; i < count; i++) y[i] = labels[i];
    Dataset all = new Dataset(x, y, shape, 10, name);
    return new DatasetSplit(all.subset(0, TRAIN_SIZE), all.subset(TRAIN_SIZE, count));
  }

  @Override
  public String toString() {
    return "BundledMnist[" + source + ", " + count + " digits]";
  }
}
