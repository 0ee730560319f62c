package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BundledMnistTest {

  private static BundledMnist mnist;
  private static DatasetSplit m28;
  private static DatasetSplit m8;

  @BeforeAll
  static void load() {
    mnist = BundledMnist.load();
    m28 = mnist.mnist28();
    m8 = mnist.mnist8();
  }

  @Test
  void holdsTenThousandDigitsSplitEightThousandToTwoThousand() {
    assertEquals(10_000, mnist.size());
    for (DatasetSplit s : new DatasetSplit[] {m28, m8}) {
      assertEquals(8_000, s.train().size());
      assertEquals(2_000, s.test().size());
      assertEquals(10, s.train().classes());
    }
    assertArrayEquals(new int[] {1, 28, 28}, m28.train().sampleShape());
    assertArrayEquals(new int[] {1, 8, 8}, m8.test().sampleShape());
  }

  @Test
  void labelHistogramMatchesThePackage() {
    int[] hist = new int[10];
    for (int l : m28.train().y()) hist[l]++;
    for (int l : m28.test().y()) hist[l]++;
    assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, hist);
    int[] train = new int[10];
    for (int l : m8.train().y()) train[l]++;
    int sum = 0;
    for (int c = 0; c < 10; c++) {
      sum += train[c];
      // The shuffle spreads every class over both splits: about 80 % of each lands in train.
      assertTrue(train[c] > 0.75 * hist[c] && train[c] < 0.85 * hist[c], "class " + c);
    }
    assertEquals(8_000, sum);
  }

  @Test
  void pixelsLieInTheUnitIntervalAndUseIt() {
    for (Dataset d : new Dataset[] {m28.train(), m28.test(), m8.train(), m8.test()}) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (double v : d.x()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertEquals(0.0, min, 0.0, d.name());
      assertTrue(max > 0.99 && max <= 1.0, d.name() + " max " + max);
    }
  }

  @Test
  void mnist8IsTheAreaAverageOfMnist28() {
    AreaResampler shrink = AreaResampler.mnistCenter8();
    double[] out = new double[64];
    double[] tmp = new double[160];
    double[] x28 = m28.test().x();
    double[] x8 = m8.test().x();
    for (int i = 0; i < 2_000; i += 97) {
      shrink.resample(x28, i * 784, out, 0, tmp);
      for (int k = 0; k < 64; k++) assertEquals(out[k], x8[i * 64 + k], 1e-12);
    }
    assertArrayEquals(m28.test().y(), m8.test().y());
  }

  @Test
  void rejectsAStreamWithTheWrongMagic() throws IOException {
    byte[] bad = gzip(new byte[] {'N', 'O', 'P', 'E', 0, 0, 0, 1});
    BadInputException e = assertThrows(BadInputException.class,
        () -> BundledMnist.read(new ByteArrayInputStream(bad), "fake.bin.gz"));
    assertTrue(e.getMessage().contains("fake.bin.gz"), e.getMessage());
  }

  @Test
  void rejectsATruncatedStream() throws IOException {
    byte[] header = {'M', 'N', 'S', 'T', 0, 0, 0, 1, 0, 0, 0x27, 0x10, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2};
    byte[] bad = gzip(header);
    BadInputException e = assertThrows(BadInputException.class,
        () -> BundledMnist.read(new ByteArrayInputStream(bad), "short.bin.gz"));
    assertTrue(e.getMessage().startsWith("short.bin.gz: truncated"), e.getMessage());
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }
}
