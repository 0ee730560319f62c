package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class OnnxTensorTest {
  private static final byte[] NO_BYTES = {};

  private static OnnxTensor raw(OnnxDataType type, long[] dims, byte[] raw) {
    return new OnnxTensor("t", type.code(), dims, raw, new float[0], new int[0], new long[0],
        new double[0], false);
  }

  private static OnnxTensor int32s(OnnxDataType type, int... values) {
    return new OnnxTensor("t", type.code(), new long[] {values.length}, NO_BYTES, new float[0],
        values, new long[0], new double[0], false);
  }

  @Test
  void decodesLittleEndianRawFloatsAndDoubles() {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    assertArrayEquals(new double[] {1.5, -2}, raw(OnnxDataType.FLOAT, new long[] {2}, b.array()).toDoubles());
    ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1);
    assertArrayEquals(new double[] {0.1}, raw(OnnxDataType.DOUBLE, new long[] {}, d.array()).toDoubles());
  }

  @Test
  void decodesRawIntegersAndBool() {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(1L << 40);
    assertArrayEquals(new long[] {-3, 1L << 40}, raw(OnnxDataType.INT64, new long[] {2}, b.array()).toLongs());
    ByteBuffer i = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-7);
    assertArrayEquals(new long[] {-7}, raw(OnnxDataType.INT32, new long[] {1}, i.array()).toLongs());
    byte[] bytes = {(byte) 0xFF, 1};
    assertArrayEquals(new long[] {-1, 1}, raw(OnnxDataType.INT8, new long[] {2}, bytes).toLongs());
    assertArrayEquals(new double[] {255, 1}, raw(OnnxDataType.UINT8, new long[] {2}, bytes).toDoubles());
    assertArrayEquals(new long[] {0, 1}, raw(OnnxDataType.BOOL, new long[] {2}, new byte[] {0, 1}).toLongs());
  }

  @Test
  void decodesFloat16FromRawAndFromInt32Data() {
    // 1.0, -2.0, 65504 (max), smallest subnormal 2^-24, +infinity
    short[] halves = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00};
    ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : halves) b.putShort(h);
    double[] expected = {1, -2, 65504, Math.pow(2, -24), Double.POSITIVE_INFINITY};
    assertArrayEquals(expected, raw(OnnxDataType.FLOAT16, new long[] {5}, b.array()).toDoubles());
    assertArrayEquals(expected, int32s(OnnxDataType.FLOAT16, 0x3C00, 0xC000, 0x7BFF, 1, 0x7C00).toDoubles());
    assertTrue(Double.isNaN(int32s(OnnxDataType.FLOAT16, 0x7E00).toDoubles()[0]));
  }

  @Test
  void decodesTypedFields() {
    OnnxTensor floats = OnnxTensor.ofFloats("w", new long[] {2, 1}, new float[] {0.25f, 4});
    assertArrayEquals(new double[] {0.25, 4}, floats.toDoubles());
    OnnxTensor int64 = new OnnxTensor("s", OnnxDataType.INT64.code(), new long[] {3}, NO_BYTES,
        new float[0], new int[0], new long[] {1, -1, 8}, new double[0], false);
    assertArrayEquals(new long[] {1, -1, 8}, int64.toLongs());
    OnnxTensor doubles = new OnnxTensor("d", OnnxDataType.DOUBLE.code(), new long[] {1}, NO_BYTES,
        new float[0], new int[0], new long[0], new double[] {2.5}, false);
    assertArrayEquals(new double[] {2.5}, doubles.toDoubles());
    assertArrayEquals(new long[] {-5, 1}, int32s(OnnxDataType.INT8, -5, 1).toLongs());
  }

  @Test
  void rejectsWhatItCannotDecode() {
    var external = new OnnxTensor("big", OnnxDataType.FLOAT.code(), new long[] {4}, NO_BYTES,
        new float[0], new int[0], new long[0], new double[0], true);
    assertTrue(assertThrows(BadInputException.class, external::toDoubles).getMessage().contains("external"));
    var strings = raw(OnnxDataType.STRING, new long[] {1}, NO_BYTES);
    assertTrue(assertThrows(BadInputException.class, strings::toDoubles).getMessage().contains("STRING"));
    var shortRaw = raw(OnnxDataType.FLOAT, new long[] {2}, new byte[4]);
    assertTrue(shortRaw.dataProblem().isPresent());
    assertThrows(BadInputException.class, shortRaw::toDoubles);
    var floats = OnnxTensor.ofFloats("w", new long[] {1}, new float[] {1});
    assertThrows(BadInputException.class, floats::toLongs);
  }

  @Test
  void isImmutable() {
    long[] dims = {2};
    float[] values = {1, 2};
    OnnxTensor t = OnnxTensor.ofFloats("w", dims, values);
    dims[0] = 99;
    values[0] = 99;
    t.dims()[0] = 7;
    t.floatData()[1] = 7;
    assertArrayEquals(new long[] {2}, t.dims());
    assertArrayEquals(new double[] {1, 2}, t.toDoubles());
    assertEquals(2, t.elementCount());
  }
}
