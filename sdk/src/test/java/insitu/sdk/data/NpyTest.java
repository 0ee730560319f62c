package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyTest {

  @TempDir Path dir;

  /** Values every dtype can hold exactly. */
  private static final double[] VALUES = {0, 1, 2, 3, 100, 255};

  /** A .npy file with a hand-written header, as another writer (or NumPy itself) might produce. */
  static byte[] handMade(String dict, byte[] data) {
    byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
    return b.array();
  }

  static byte[] littleFloats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) b.putFloat(f);
    return b.array();
  }

  @ParameterizedTest
  @EnumSource(NpyDtype.class)
  void roundTripsEveryDtypeInBothByteOrders(NpyDtype dtype) {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      Path f = dir.resolve(dtype + "-" + order + ".npy");
      NpyWriter.write(f, new int[] {2, 3}, dtype, order, VALUES);
      NpyArray a = NpyReader.read(f);
      assertEquals(dtype, a.dtype());
      assertArrayEquals(new int[] {2, 3}, a.shape());
      assertArrayEquals(VALUES, a.toDoubles());
      if (!dtype.isFloat()) assertArrayEquals(new int[] {0, 1, 2, 3, 100, 255}, a.toInts());
    }
  }

  @Test
  void bigEndianBytesReallyAreBigEndian() {
    byte[] file = NpyWriter.encode(new int[] {1}, NpyDtype.INT32, ByteOrder.BIG_ENDIAN, new double[] {1}, 1);
    assertArrayEquals(new byte[] {0, 0, 0, 1}, Arrays.copyOfRange(file, file.length - 4, file.length));
    assertTrue(new String(file, StandardCharsets.ISO_8859_1).contains("'descr': '>i4'"));
  }

  @Test
  void readsExactLargeInt64() {
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((1L << 60) + 1);
    byte[] file = handMade("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", data.array());
    assertArrayEquals(new long[] {(1L << 60) + 1}, NpyReader.decode(file, "big.npy").toLongs());
  }

  @Test
  void readsVersionsOneTwoAndThree() {
    double[] v = {1.5, -2.25, 3e10};
    for (int major = 1; major <= 3; major++) {
      byte[] file = NpyWriter.encode(new int[] {3}, NpyDtype.FLOAT64, ByteOrder.LITTLE_ENDIAN, v, major);
      assertEquals(major, file[6]);
      assertEquals(0, (file.length - v.length * 8) % 64, "data is 64-byte aligned");
      assertArrayEquals(v, NpyReader.decode(file, "v" + major + ".npy").toDoubles());
    }
  }

  @Test
  void parsesHeadersInAnyKeyOrderQuoteStyleAndSpacing() {
    byte[] data = littleFloats(1, 2, 3, 4);
    String[] dicts = {
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
      "{\"shape\":(2,2),\"fortran_order\":False,\"descr\":\"<f4\"}",
      "{ 'fortran_order' : False , 'shape' : ( 2L , 2L ) , 'descr' : '<f4' }   ",
    };
    for (String d : dicts) {
      NpyArray a = NpyReader.decode(handMade(d, data), "h.npy");
      assertArrayEquals(new int[] {2, 2}, a.shape(), d);
      assertArrayEquals(new double[] {1, 2, 3, 4}, a.toDoubles(), d);
    }
  }

  @Test
  void readsZeroDimensionalAndEmptyArrays() {
    NpyArray scalar = NpyReader.decode(
        handMade("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", littleFloats(7)), "s.npy");
    assertEquals(0, scalar.shape().length);
    assertArrayEquals(new double[] {7}, scalar.toDoubles());
    NpyArray empty = NpyReader.decode(
        handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 5)}", new byte[0]), "e.npy");
    assertEquals(0, empty.length());
  }

  @Test
  void writeFloat32WritesLittleEndianFloat32() {
    Path f = dir.resolve("out.npy");
    NpyWriter.writeFloat32(f, new int[] {2}, new double[] {0.5, -1});
    NpyArray a = NpyReader.read(f);
    assertEquals(NpyDtype.FLOAT32, a.dtype());
    assertEquals(ByteOrder.LITTLE_ENDIAN, a.order());
    assertArrayEquals(new double[] {0.5, -1}, a.toDoubles());
  }

  @Test
  void rejectsFortranOrderWithAClearMessage() {
    byte[] file = handMade("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", littleFloats(1, 2, 3, 4));
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.decode(file, "f.npy"));
    assertTrue(e.getMessage().startsWith("f.npy: fortran_order=True"), e.getMessage());
  }

  @Test
  void rejectsUnsupportedDtype() {
    byte[] file = handMade("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", new byte[4]);
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.decode(file, "half.npy"));
    assertTrue(e.getMessage().startsWith("half.npy: dtype '<f2' is not supported"), e.getMessage());
  }

  @Test
  void rejectsMalformedHeader() {
    byte[] file = handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (2,", littleFloats(1, 2));
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.decode(file, "m.npy"));
    assertTrue(e.getMessage().startsWith("m.npy: malformed .npy header"), e.getMessage());
  }

  @Test
  void rejectsWrongMagicTruncationAndTrailingBytesNamingTheFile() throws IOException {
    Path notNpy = Files.writeString(dir.resolve("text.npy"), "hello, this is not numpy");
    BadInputException magic = assertThrows(BadInputException.class, () -> NpyReader.read(notNpy));
    assertTrue(magic.getMessage().startsWith(notNpy + ": not a NumPy .npy file"), magic.getMessage());

    byte[] good = NpyWriter.encode(new int[] {4}, NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, new double[4], 1);
    Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 3));
    BadInputException trunc = assertThrows(BadInputException.class, () -> NpyReader.read(cut));
    assertTrue(trunc.getMessage().startsWith(cut + ": truncated"), trunc.getMessage());

    Path cutHeader = Files.write(dir.resolve("head.npy"), Arrays.copyOf(good, 40));
    BadInputException head = assertThrows(BadInputException.class, () -> NpyReader.read(cutHeader));
    assertTrue(head.getMessage().startsWith(cutHeader + ": truncated .npy header"), head.getMessage());

    Path longer = Files.write(dir.resolve("long.npy"), Arrays.copyOf(good, good.length + 2));
    BadInputException extra = assertThrows(BadInputException.class, () -> NpyReader.read(longer));
    assertTrue(extra.getMessage().startsWith(longer + ": 2 extra bytes"), extra.getMessage());
  }

  @Test
  void rejectsMissingFile() {
    Path missing = dir.resolve("nope.npy");
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.read(missing));
    assertEquals(missing + ": file not found", e.getMessage());
  }

  @Test
  void readsADatasetWithTheFirstDimensionAsSampleCount() {
    Path x = dir.resolve("x.npy");
    Path y = dir.resolve("y.npy");
    NpyWriter.writeFloat32(x, new int[] {3, 1, 2, 2}, new double[12]);
    NpyWriter.write(y, new int[] {3}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {0, 4, 1});
    Dataset d = NpyReader.readDataset(x, y);
    assertEquals(3, d.size());
    assertArrayEquals(new int[] {1, 2, 2}, d.sampleShape());
    assertArrayEquals(new int[] {0, 4, 1}, d.y());
    assertEquals(5, d.classes());
  }

  @Test
  void rejectsDatasetWithNaNInputs() {
    Path x = dir.resolve("x.npy");
    Path y = dir.resolve("y.npy");
    NpyWriter.writeFloat32(x, new int[] {2, 2}, new double[] {0, 1, Double.NaN, 0});
    NpyWriter.write(y, new int[] {2}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {0, 1});
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.readDataset(x, y));
    assertTrue(e.getMessage().startsWith(x + ": sample 1 holds NaN (value 0 of the sample)"), e.getMessage());
  }

  @Test
  void rejectsDatasetWithMoreLabelsThanSamples() {
    Path x = dir.resolve("x.npy");
    Path y = dir.resolve("y.npy");
    NpyWriter.writeFloat32(x, new int[] {2, 2}, new double[4]);
    NpyWriter.write(y, new int[] {3}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[3]);
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.readDataset(x, y));
    assertTrue(e.getMessage().startsWith(y + ": 3 labels for 2 samples"), e.getMessage());
  }

  @Test
  void rejectsNegativeAndFloatLabels() {
    Path x = dir.resolve("x.npy");
    Path neg = dir.resolve("neg.npy");
    Path flt = dir.resolve("flt.npy");
    NpyWriter.writeFloat32(x, new int[] {2, 2}, new double[4]);
    NpyWriter.write(neg, new int[] {2}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {0, -1});
    NpyWriter.writeFloat32(flt, new int[] {2}, new double[] {0, 1});
    BadInputException e1 = assertThrows(BadInputException.class, () -> NpyReader.readDataset(x, neg));
    assertTrue(e1.getMessage().startsWith(neg + ": label 1 is -1"), e1.getMessage());
    BadInputException e2 = assertThrows(BadInputException.class, () -> NpyReader.readDataset(x, flt));
    assertTrue(e2.getMessage().startsWith(flt + ": labels must be integers"), e2.getMessage());
  }
}
