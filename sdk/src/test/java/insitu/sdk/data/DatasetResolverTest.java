package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetResolverTest {

  @TempDir Path dir;

  @Test
  void unknownNameListsTheValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetResolver.resolve("cifar10", 1));
    for (String name : new String[] {"mnist8", "mnist28", "mnist-seq", "idx:DIR", "npy:X.npy,Y.npy"}) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertTrue(e.getMessage().contains("cifar10"));
  }

  @Test
  void npySpecWithOneFileIsAUsageError() {
    assertThrows(IllegalArgumentException.class, () -> DatasetResolver.resolve("npy:x.npy", 1));
  }

  @Test
  void resolvesBundledNames() {
    DatasetSplit m8 = DatasetResolver.resolve("mnist8", 1);
    assertArrayEquals(new int[] {1, 8, 8}, m8.train().sampleShape());
    DatasetSplit seq = DatasetResolver.resolve("mnist-seq", 2);
    assertEquals(MnistSequences.of(m8, 2).train(), seq.train());
  }

  @Test
  void resolvesNpyPairAsBothTrainAndTest() {
    Path x = dir.resolve("x.npy");
    Path y = dir.resolve("y.npy");
    NpyWriter.writeFloat32(x, new int[] {2, 3}, new double[] {0, 0.5, 1, 1, 0.5, 0});
    NpyWriter.write(y, new int[] {2}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {1, 0});
    DatasetSplit s = DatasetResolver.resolve("npy:" + x + "," + y, 0);
    assertSame(s.train(), s.test());
    assertArrayEquals(new int[] {1, 0}, s.test().y());
  }

  @Test
  void resolvesIdxDirectory() throws Exception {
    Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.imagesFile(2, 2, 3, IdxReaderTest.pixels(2)));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.labelsFile(new byte[] {1, 2})));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxReaderTest.imagesFile(1, 2, 3, IdxReaderTest.pixels(1)));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labelsFile(new byte[] {0}));
    DatasetSplit s = DatasetResolver.resolve("idx:" + dir, 0);
    assertEquals(2, s.train().size());
    assertEquals(3, s.train().classes());
  }

  @Test
  void missingNpyFileIsBadInputNamingIt() {
    Path x = dir.resolve("absent.npy");
    BadInputException e = assertThrows(BadInputException.class,
        () -> DatasetResolver.resolve("npy:" + x + "," + x, 0));
    assertTrue(e.getMessage().contains("absent.npy"), e.getMessage());
  }

  @Test
  void malformedSpecsAreRefusedInOneLine() {
    String[] specs = {"", "  ", "idx:", "npy:", "npy:a.npy", "npy:a.npy,b.npy,c.npy", "npy:,b.npy", "npy:a.npy, ", "mnist8\nmnist28",
        "idx:" + dir.resolve("nowhere"), "idx:" + dir + "/bad\u0000dir", "npy:x\ud800.npy,y.npy", "npy:" + dir + "," + dir,
        "idx:/dev/null", "cifar\r10"};
    for (String spec : specs) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> DatasetResolver.resolve(spec, 1), spec);
      assertTrue(e instanceof IllegalArgumentException || e instanceof insitu.errors.InsituException, spec + ": " + e);
      assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\r"), "one line: " + e.getMessage());
    }
  }

  @Test
  void theSplitsOfTheBundledSetsAreBuiltOnlyWhenUsed() {
    DatasetSplit seq = DatasetResolver.resolve("mnist-seq", 2);
    assertTrue(seq.toString().contains("train not loaded") && seq.toString().contains("test not loaded"), seq.toString());
    seq.test();
    assertTrue(seq.toString().contains("train not loaded"), seq.toString());
    assertSame(seq.test(), seq.test());
  }
}
