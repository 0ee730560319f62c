package insitu.sdk.data;

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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid .npy files: byte edits, header fields that lie (shape, dtype, order,
 * version, header length) and non-finite inputs. Each decodes to a sane array or data set or is
 * refused in one line, within bounded memory.
 */
class NpyFuzzTest {
  private static final int MUTATIONS = 300;
  private static final long MAX_ALLOCATED = 8L << 20;

  private static final String[] SHAPES = {"(2000000000, 784)", "(2000000000,)", "(-1, 4)", "(99999999999,)", "(0, 4)", "()",
      "((3, 4),)", "(3, 4, 0)", "(46341, 46341)", "(3, 'a')", "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)", "[[[[[[[[[[[[[[[[[[[["};
  private static final String[] DESCRS = {"<f2", "<c16", "|O", "<U4", ">f4", "=f8", "|u1", "<i2", "<u1", "|f4", "f4", "<f4 "};

  @TempDir Path dir;

  private static final double[] VALUES = new double[12];

  static {
    for (int k = 0; k < VALUES.length; k++) VALUES[k] = k % 10;
  }

  private static byte[] valid(NpyDtype dtype, int major) {
    return NpyWriter.encode(new int[] {3, 4}, dtype, ByteOrder.LITTLE_ENDIAN, VALUES, major);
  }

  /** Rewrites one header field with a lie, or puts NaN or infinity into a float32 array's data. */
  private static byte[] lie(byte[] file, NpyDtype dtype, Random random) {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    return switch (random.nextInt(6)) {
      case 0 -> text.replace("(3, 4)", SHAPES[random.nextInt(SHAPES.length)]).getBytes(StandardCharsets.ISO_8859_1);
      case 1 -> text.replaceFirst("'[<|>]" + dtype.code() + "'", "'" + DESCRS[random.nextInt(DESCRS.length)] + "'")
          .getBytes(StandardCharsets.ISO_8859_1);
      case 2 -> text.replace("False", random.nextBoolean() ? "True" : "0").getBytes(StandardCharsets.ISO_8859_1);
      case 3 -> {
        byte[] b = file.clone();
        b[6] = (byte) new int[] {0, 1, 2, 3, 4, 255}[random.nextInt(6)];
        yield b;
      }
      case 4 -> {
        byte[] b = file.clone();
        int lie = DecoderFuzz.LIES[random.nextInt(DecoderFuzz.LIES.length)];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) lie);
        if (b[6] != 1) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, lie);
        yield b;
      }
      default -> {
        byte[] b = file.clone();
        if (dtype.isFloat()) {
          int at = b.length - dtype.bytes() * (1 + random.nextInt(12));
          double bad = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}[random.nextInt(3)];
          ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
          if (dtype == NpyDtype.FLOAT32) bb.putFloat(at, (float) bad);
          else bb.putDouble(at, bad);
        }
        yield b;
      }
    };
  }

  private static byte[] variant(NpyDtype dtype, Random random) {
    byte[] v = valid(dtype, 1 + random.nextInt(3));
    return random.nextBoolean() ? lie(v, dtype, random) : DecoderFuzz.mutate(v, random, 3);
  }

  private static void sane(NpyArray a) {
    long count = 1;
    for (int d : a.shape()) {
      assertTrue(d >= 0);
      count *= d;
    }
    assertEquals(count * a.dtype().bytes(), a.data().length);
    assertEquals(count, a.toDoubles().length);
  }

  private static void sane(Dataset d) {
    assertTrue(d.size() >= 1);
    for (double v : d.x()) assertTrue(Double.isFinite(v));
    for (int l : d.y()) assertTrue(l >= 0 && l < d.classes());
  }

  @Test
  void mutatedArraysDecodeSanelyOrAreRefusedInOneLine() {
    Random random = new Random(31);
    NpyDtype[] types = NpyDtype.values();
    int refused = 0;
    for (int k = 0; k < MUTATIONS; k++) {
      NpyDtype dtype = types[k % types.length];
      byte[] bytes = variant(dtype, random);
      if (DecoderFuzz.check("npy mutation " + k + " (" + dtype + ")", () -> NpyReader.decode(bytes, "fuzz.npy"), NpyFuzzTest::sane,
          MAX_ALLOCATED)) {
        refused++;
      }
    }
    assertTrue(refused > MUTATIONS / 4, "most mutations are refused: " + refused);
  }

  @Test
  void mutatedDatasetFilesGiveASaneSetOrOneLine() throws IOException {
    Random random = new Random(37);
    NpyDtype[] inputs = {NpyDtype.FLOAT32, NpyDtype.FLOAT64, NpyDtype.UINT8, NpyDtype.INT32};
    byte[] labels = NpyWriter.encode(new int[] {3}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {0, 7, 2}, 1);
    for (int k = 0; k < MUTATIONS; k++) {
      NpyDtype dtype = inputs[k % inputs.length];
      boolean mutateLabels = k % 5 == 4;
      Path x = Files.write(dir.resolve("x" + k + ".npy"), mutateLabels ? valid(dtype, 1) : variant(dtype, random));
      Path y = Files.write(dir.resolve("y" + k + ".npy"), mutateLabels ? DecoderFuzz.mutate(labels, random, 3) : labels);
      DecoderFuzz.check("dataset mutation " + k + " (" + dtype + ")", () -> NpyReader.readDataset(x, y), NpyFuzzTest::sane,
          MAX_ALLOCATED);
    }
  }

  @Test
  void nanInputsAreRefusedNamingTheSample() throws IOException {
    byte[] x = valid(NpyDtype.FLOAT32, 1);
    ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).putFloat(x.length - 4 * 6, Float.NaN);
    Path xf = Files.write(dir.resolve("x.npy"), x);
    Path yf = dir.resolve("y.npy");
    NpyWriter.write(yf, new int[] {3}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {0, 1, 2});
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.readDataset(xf, yf));
    assertEquals(xf + ": sample 1 holds NaN (value 2 of the sample); inputs must be finite numbers", e.getMessage());
  }

  @Test
  void aDeclaredHugeShapeAllocatesNothing() throws IOException {
    String text = new String(valid(NpyDtype.UINT8, 1), StandardCharsets.ISO_8859_1);
    byte[] lie = text.replace("(3, 4)", "(2000000000,)").getBytes(StandardCharsets.ISO_8859_1);
    Path f = Files.write(dir.resolve("lie.npy"), lie); // the longer shape eats 7 of the header's padding
    BadInputException e = DecoderFuzz.refusedWithin(MAX_ALLOCATED, () -> NpyReader.read(f));
    assertEquals(f + ": truncated, shape [2000000000] of u1 needs 2000000000 data bytes, found 19", e.getMessage());
  }

  @Test
  void aHeaderNestedDeepIsRefusedNotAStackOverflow() {
    byte[] deep = NpyTest.handMade("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(5000) + "}", new byte[0]);
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.decode(deep, "deep.npy"));
    assertTrue(e.getMessage().startsWith("deep.npy: malformed .npy header (more than 16 dicts, tuples or lists"), e.getMessage());
  }

  @Test
  void aDatasetWithoutSamplesIsRefused() throws IOException {
    Path x = dir.resolve("x.npy");
    Path y = dir.resolve("y.npy");
    NpyWriter.writeFloat32(x, new int[] {0, 4}, new double[0]);
    NpyWriter.write(y, new int[] {0}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[0]);
    BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.readDataset(x, y));
    assertEquals(x + ": holds no samples (shape [0, 4])", e.getMessage());
  }
}
