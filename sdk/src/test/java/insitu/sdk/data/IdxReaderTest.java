package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  static byte[] imagesFile(int n, int h, int w, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length); // big-endian by default
    b.putInt(0x00000803).putInt(n).putInt(h).putInt(w).put(pixels);
    return b.array();
  }

  static byte[] labelsFile(byte[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x00000801).putInt(labels.length).put(labels);
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** n images of 2×3 whose pixel k of image i is (i * 6 + k) * 7 mod 256. */
  static byte[] pixels(int n) {
    byte[] p = new byte[n * 6];
    for (int k = 0; k < p.length; k++) p[k] = (byte) (k * 7);
    return p;
  }

  private void writeSet(boolean gz, int trainN, int testN, byte[] trainLabels, byte[] testLabels)
      throws IOException {
    String ext = gz ? ".gz" : "";
    write("train-images-idx3-ubyte" + ext, imagesFile(trainN, 2, 3, pixels(trainN)), gz);
    write("train-labels-idx1-ubyte" + ext, labelsFile(trainLabels), gz);
    write("t10k-images-idx3-ubyte" + ext, imagesFile(testN, 2, 3, pixels(testN)), gz);
    write("t10k-labels-idx1-ubyte" + ext, labelsFile(testLabels), gz);
  }

  private Path write(String name, byte[] content, boolean gz) throws IOException {
    return Files.write(dir.resolve(name), gz ? gzip(content) : content);
  }

  private void assertRoundTrip() {
    DatasetSplit s = IdxReader.readDirectory(dir);
    assertEquals(4, s.train().size());
    assertEquals(2, s.test().size());
    assertArrayEquals(new int[] {1, 2, 3}, s.train().sampleShape());
    assertArrayEquals(new int[] {0, 1, 2, 9}, s.train().y());
    assertArrayEquals(new int[] {9, 3}, s.test().y());
    assertEquals(10, s.train().classes());
    byte[] p = pixels(4);
    double[] x = s.train().x();
    for (int k = 0; k < p.length; k++) assertEquals((p[k] & 0xff) / 255.0, x[k], 0.0);
  }

  @Test
  void readsPlainFilesBack() throws IOException {
    writeSet(false, 4, 2, new byte[] {0, 1, 2, 9}, new byte[] {9, 3});
    assertRoundTrip();
  }

  @Test
  void readsGzippedFilesBack() throws IOException {
    writeSet(true, 4, 2, new byte[] {0, 1, 2, 9}, new byte[] {9, 3});
    assertRoundTrip();
  }

  @Test
  void detectsGzipByContentNotByName() throws IOException {
    Path zippedNoSuffix = write("images", gzip(imagesFile(2, 2, 3, pixels(2))), false);
    Path plainWithSuffix = write("labels.gz", labelsFile(new byte[] {4, 5}), false);
    assertEquals(2, IdxReader.readImages(zippedNoSuffix).count());
    assertArrayEquals(new int[] {4, 5}, IdxReader.readLabels(plainWithSuffix));
  }

  @Test
  void rejectsWrongMagicNamingTheFile() throws IOException {
    Path f = write("swapped", labelsFile(new byte[] {1}), false);
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(f));
    assertTrue(e.getMessage().startsWith(f + ": wrong magic 0x00000801"), e.getMessage());
  }

  @Test
  void rejectsTruncatedPixels() throws IOException {
    byte[] full = imagesFile(3, 2, 3, pixels(3));
    Path f = write("cut", Arrays.copyOf(full, full.length - 5), false);
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(f));
    assertTrue(e.getMessage().startsWith(f + ": truncated"), e.getMessage());
  }

  @Test
  void rejectsTruncatedGzipStream() throws IOException {
    byte[] z = gzip(imagesFile(50, 2, 3, pixels(50)));
    Path f = write("cut.gz", Arrays.copyOf(z, z.length / 2), false);
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void rejectsTruncatedHeader() throws IOException {
    Path f = write("stub", new byte[] {0, 0, 8, 3, 0, 0}, false);
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(f));
    assertTrue(e.getMessage().startsWith(f + ": truncated"), e.getMessage());
  }

  @Test
  void rejectsLabelCountDifferentFromImageCount() throws IOException {
    writeSet(false, 4, 2, new byte[] {0, 1, 2}, new byte[] {9, 3});
    DatasetSplit split = IdxReader.readDirectory(dir);
    BadInputException e = assertThrows(BadInputException.class, split::train);
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: 3 labels for 4 images"), e.getMessage());
    assertEquals(2, split.test().size(), "the test split is still usable");
  }

  @Test
  void rejectsDirectoryWithoutTheStandardFiles() {
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readDirectory(dir));
    assertTrue(e.getMessage().contains("missing train-images-idx3-ubyte"), e.getMessage());
  }

  @Test
  void theTestSplitNeverReadsTheTrainingImages() throws IOException {
    writeSet(false, 4, 2, new byte[] {0, 1, 2, 9}, new byte[] {9, 3});
    // A training body that could not be read: only its header (for the image size) may be looked at.
    byte[] header = Arrays.copyOf(imagesFile(4, 2, 3, pixels(4)), 16);
    write("train-images-idx3-ubyte", header, false);
    DatasetSplit s = IdxReader.readDirectory(dir);
    assertEquals(2, s.test().size());
    assertArrayEquals(new int[] {9, 3}, s.test().y());
    assertEquals(10, s.test().classes(), "classes count the training labels too");
    BadInputException e = assertThrows(BadInputException.class, s::train);
    assertTrue(e.getMessage().contains("truncated, header promises 24 data bytes, found 0"), e.getMessage());
  }

  @Test
  void keepsPixelsAsBytesAndGivesTheSameValuesAsBefore() throws IOException {
    write("images", imagesFile(4, 2, 3, pixels(4)), false);
    IdxReader.Images im = IdxReader.readImages(dir.resolve("images"));
    assertArrayEquals(pixels(4), im.pixels());
    double[] row = new double[6];
    im.values().copySample(3, row, 0);
    for (int k = 0; k < 6; k++) assertEquals((pixels(4)[18 + k] & 0xff) / 255.0, row[k], 0.0);
  }

  @Test
  void refusesEmptySplitsAndEmptyImages() throws IOException {
    Path none = write("none", imagesFile(0, 2, 3, new byte[0]), false);
    assertEquals(none + ": image count is 0; the file holds no data",
        assertThrows(BadInputException.class, () -> IdxReader.readImages(none)).getMessage());
    Path flat = write("flat", imagesFile(3, 0, 3, new byte[0]), false);
    assertEquals(flat + ": rows is 0; the file holds no data",
        assertThrows(BadInputException.class, () -> IdxReader.readImages(flat)).getMessage());
    Path noLabels = write("nolabels", labelsFile(new byte[0]), false);
    assertEquals(noLabels + ": label count is 0; the file holds no data",
        assertThrows(BadInputException.class, () -> IdxReader.readLabels(noLabels)).getMessage());
  }

  @Test
  void refusesDimensionsBeyondOneArray() throws IOException {
    Path f = write("wide", imagesFile(70_000, 200, 200, new byte[0]), false);
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(f));
    assertEquals(f + ": cols 200 makes 2800000000 values, more than one array can hold", e.getMessage());
  }

  @Test
  void refusesADirectoryOrADeviceWhereAFileBelongs() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertEquals(sub + ": is a directory, expected a file",
        assertThrows(BadInputException.class, () -> IdxReader.readImages(sub)).getMessage());
    Path device = Path.of("/dev/zero");
    Assumptions.assumeTrue(Files.exists(device), "no /dev/zero");
    assertEquals(device + ": not a regular file (a FIFO, socket or device?); give a file",
        assertThrows(BadInputException.class, () -> IdxReader.readImages(device)).getMessage());
  }

  @Test
  void readsDebianFashionMnistWhenInstalled() {
    Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
    Assumptions.assumeTrue(Files.isDirectory(fashion), "dataset-fashion-mnist is not installed");
    DatasetSplit s = IdxReader.readDirectory(fashion);
    assertEquals(60_000, s.train().size());
    assertEquals(10_000, s.test().size());
    assertArrayEquals(new int[] {1, 28, 28}, s.train().sampleShape());
    assertEquals(10, s.train().classes());
    int[] hist = new int[10];
    for (int l : s.test().y()) hist[l]++;
    for (int c = 0; c < 10; c++) assertEquals(1_000, hist[c], "Fashion-MNIST test is balanced");
    double max = 0;
    double[] x = s.test().subset(0, 100).x();
    for (double v : x) max = Math.max(max, v);
    assertEquals(1.0, max, 0.0);
  }
}
