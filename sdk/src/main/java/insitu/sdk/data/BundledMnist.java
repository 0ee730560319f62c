package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import insitu.runtime.train.Uint8Source;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
  /** More digits than this would not fit one array of 28×28 pixels. */
  static final int MAX_DIGITS = (Integer.MAX_VALUE - 8) / (28 * 28);

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
      if (n <= TRAIN_SIZE || n > MAX_DIGITS || r != 28 || c != 28) {
        throw new BadInputException(source + ": header says " + Integer.toUnsignedString(n) + " digits of "
            + Integer.toUnsignedString(r) + "×" + Integer.toUnsignedString(c) + ", expected " + (TRAIN_SIZE + 1) + ".."
            + MAX_DIGITS + " digits of 28×28");
      }
      // readNBytes(int) allocates as the data arrives: a header that lies costs only what is really there.
      byte[] lab = in.readNBytes(n);
      if (lab.length < n) throw new BadInputException(source + ": truncated, " + lab.length + " of " + n + " labels");
      for (int i = 0; i < n; i++) {
        if (lab[i] < 0 || lab[i] > 9) {
          throw new BadInputException(source + ": label " + i + " is " + (lab[i] & 0xff) + ", expected 0..9");
        }
      }
      byte[] pix = in.readNBytes(n * r * c);
      if (pix.length < n * r * c) {
        throw new BadInputException(source + ": truncated, " + pix.length + " of " + n * r * c + " pixel bytes");
      }
      if (in.read() != -1) throw new BadInputException(source + ": extra bytes after the pixels");
      return new BundledMnist(source, n, r, c, lab, pix);
    } catch (EOFException e) {
      throw new BadInputException(source + ": truncated", e);
    } catch (IOException e) {
      throw new BadInputException(source + ": not a valid gzip file: " + DataFile.oneLine(e.getMessage()), e);
    }
  }

  /** Number of digits, train and test together. */
  public int size() {
    return count;
  }

  /** The digits at full resolution: samples of shape {1, 28, 28}, values {@code code / 255.0} in [0, 1], kept as bytes. */
  public DatasetSplit mnist28() {
    Dataset all = new Dataset(Uint8Source.dividedBy(pixels, rows * cols, 255.0), labels(), new int[] {1, rows, cols}, 10, "mnist28");
    return new DatasetSplit(all.subset(0, TRAIN_SIZE), all.subset(TRAIN_SIZE, count));
  }

  /**
   * The digits as the paper uses them: the 20×20 centre (rows and columns 4..23) area-averaged to
   * 8×8; samples of shape {1, 8, 8}, values in [0, 1]. Each half is computed when first used.
   */
  public DatasetSplit mnist8() {
    int[] y = labels();
    return DatasetSplit.lazy(() -> shrunk(0, TRAIN_SIZE, y), () -> shrunk(TRAIN_SIZE, count, y));
  }

  private Dataset shrunk(int from, int to, int[] y) {
    AreaResampler shrink = AreaResampler.mnistCenter8();
    double[] full = new double[rows * cols];
    double[] tmp = new double[8 * 20];
    double[] x = new double[(to - from) * 64];
    for (int i = from; i < to; i++) {
      int base = i * rows * cols;
      for (int p = 0; p < full.length; p++) full[p] = (pixels[base + p] & 0xff) / 255.0;
      shrink.resample(full, 0, x, (i - from) * 64, tmp);
    }
    // Weights sum to 1 only up to rounding; keep the documented [0, 1] range exact.
    for (int i = 0; i < x.length; i++) x[i] = Math.min(1.0, Math.max(0.0, x[i]));
    return new Dataset(x, Arrays.copyOfRange(y, from, to), new int[] {1, 8, 8}, 10, "mnist8");
  }

  private int[] labels() {
    int[] y = new int[count];
    for (int i = 0; i < count; i++) y[i] = labels[i];
    return y;
  }

  @Override
  public String toString() {
    return "BundledMnist[" + source + ", " + count + " digits]";
  }
}
