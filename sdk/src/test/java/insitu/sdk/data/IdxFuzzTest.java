package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded mutations of valid IDX files, raw and gzipped: a sane result or a one-line refusal, within bounded memory. */
class IdxFuzzTest {
  private static final int MUTATIONS = 300;
  /** Buffers and a small file's worth: far below what any lying header declares. */
  private static final long MAX_ALLOCATED = 8L << 20;

  @TempDir Path dir;

  private static byte[] images(int n, int h, int w) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * h * w);
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(n).putInt(h).putInt(w);
    for (int k = 0; k < n * h * w; k++) b.put((byte) (k * 37));
    return b.array();
  }

  private static byte[] labels(int n) {
    ByteBuffer b = ByteBuffer.allocate(8 + n);
    b.putInt(IdxReader.LABELS_MAGIC).putInt(n);
    for (int k = 0; k < n; k++) b.put((byte) (k % 10));
    return b.array();
  }

  private Path write(String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Mutates the content, then gzips it (lies inside a valid stream), or gzips and mutates the stream. */
  private static byte[] variant(byte[] valid, Random random, int headerInts, int k) {
    return switch (k % 3) {
      case 0 -> DecoderFuzz.mutate(valid, random, headerInts);
      case 1 -> DecoderFuzz.gzip(DecoderFuzz.mutate(valid, random, headerInts));
      default -> DecoderFuzz.mutate(DecoderFuzz.gzip(valid), random, 1);
    };
  }

  private static void sane(IdxReader.Images im) {
    assertTrue(im.count() >= 1 && im.rows() >= 1 && im.cols() >= 1);
    assertEquals((long) im.count() * im.rows() * im.cols(), im.pixels().length);
  }

  private static void sane(int[] labels) {
    assertTrue(labels.length >= 1);
    for (int l : labels) assertTrue(l >= 0 && l < 256);
  }

  private static void sane(Dataset d) {
    assertTrue(d.size() >= 1);
    assertEquals(d.size(), d.values().size());
    for (int l : d.y()) assertTrue(l >= 0 && l < d.classes());
    double[] x = d.x();
    for (double v : x) assertTrue(v >= 0 && v <= 1);
  }

  /** Decodes MUTATIONS variants of {@code valid} with {@code decode}; returns how many were refused. */
  private <T> int fuzz(String kind, byte[] valid, int headerInts, long seed, Function<Path, T> decode, Consumer<T> sane) {
    Random random = new Random(seed);
    int refused = 0;
    for (int k = 0; k < MUTATIONS; k++) {
      Path f = write(kind + "-" + k, variant(valid, random, headerInts, k));
      if (DecoderFuzz.check(kind + " mutation " + k, () -> decode.apply(f), sane, MAX_ALLOCATED)) refused++;
    }
    return refused;
  }

  @Test
  void mutatedImageFilesDecodeSanelyOrAreRefusedInOneLine() {
    int refused = fuzz("images", images(20, 4, 5), 4, 19, IdxReader::readImages, IdxFuzzTest::sane);
    assertTrue(refused > MUTATIONS / 4, "most mutations are refused: " + refused);
  }

  @Test
  void mutatedLabelFilesDecodeSanelyOrAreRefusedInOneLine() {
    int refused = fuzz("labels", labels(20), 2, 23, IdxReader::readLabels, IdxFuzzTest::sane);
    assertTrue(refused > MUTATIONS / 4, "most mutations are refused: " + refused);
  }

  @Test
  void aDirectoryWithOneMutatedFileGivesSaneSplitsOrOneLine() throws IOException {
    Random random = new Random(29);
    String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    byte[][] valid = {images(12, 4, 5), labels(12), images(6, 4, 5), labels(6)};
    for (int k = 0; k < MUTATIONS / 3; k++) {
      Path set = Files.createDirectory(dir.resolve("set-" + k));
      int victim = k % 4;
      for (int i = 0; i < 4; i++) {
        Files.write(set.resolve(names[i]), i == victim ? variant(valid[i], random, i % 2 == 0 ? 4 : 2, k) : valid[i]);
      }
      DatasetSplit split = IdxReader.readDirectory(set);
      DecoderFuzz.check("set mutation " + k + " train", split::train, IdxFuzzTest::sane, MAX_ALLOCATED);
      DecoderFuzz.check("set mutation " + k + " test", split::test, IdxFuzzTest::sane, MAX_ALLOCATED);
    }
  }

  @Test
  void aDeclaredTwoBillionImagesAllocateNothing() {
    byte[] lie = images(20, 1, 1);
    ByteBuffer.wrap(lie).putInt(4, 2_000_000_000);
    for (byte[] content : new byte[][] {lie, DecoderFuzz.gzip(lie)}) {
      Path f = write("lie", content);
      BadInputException e = DecoderFuzz.refusedWithin(MAX_ALLOCATED, () -> IdxReader.readImages(f));
      assertEquals(f + ": truncated, header promises 2000000000 data bytes, found 20", e.getMessage());
    }
  }

  @Test
  void aGzipBombIsRefusedAfterInflatingOnlyWhatTheHeaderDeclares() {
    // 100 images of 4×5 declared, 16 MB of zeros behind them: compresses to about 16 kB.
    byte[] bomb = new byte[16 + (16 << 20)];
    ByteBuffer.wrap(bomb).putInt(IdxReader.IMAGES_MAGIC).putInt(100).putInt(4).putInt(5);
    Path f = write("bomb.gz", DecoderFuzz.gzip(bomb));
    BadInputException e = DecoderFuzz.refusedWithin(MAX_ALLOCATED, () -> IdxReader.readImages(f));
    assertEquals(f + ": extra bytes after the 2000 data bytes", e.getMessage());
  }
}
