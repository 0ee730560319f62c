package insitu.compiler.ir;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorTest {
  private static final float[] FLOATS = {0.1f, -2.5f, Float.MIN_VALUE, -0f, 3e38f, Float.NaN};

  /** The reference: what the importer held before float32 storage, a double per float. */
  private static Tensor asDoubles(int[] shape, float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return new Tensor(shape, d);
  }

  /** Float32 values as a model file stores them: little-endian bytes, read through a view. */
  private static Tensor fileSlice(int[] shape, float[] f) {
    ByteBuffer b = ByteBuffer.allocate(4 * f.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    b.position(3); // raw data is not aligned in a protobuf
    for (float v : f) b.putFloat(v);
    return Tensor.float32(shape, b.position(3).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
  }

  @Test
  void float32ValuesReadAsTheDoublesTheyConvertTo() {
    int[] shape = {2, 3};
    Tensor ref = asDoubles(shape, FLOATS);
    for (Tensor t : new Tensor[] {fileSlice(shape, FLOATS), Tensor.float32(shape, FloatBuffer.wrap(FLOATS.clone()))}) {
      assertTrue(t.isFloat32());
      for (int i = 0; i < FLOATS.length; i++)
        assertEquals(Double.doubleToRawLongBits(ref.data()[i]), Double.doubleToRawLongBits(t.get(i)), "value " + i);
      double[] part = new double[4];
      t.read(2, part, 1, 3);
      assertArrayEquals(new double[] {0, ref.data()[2], ref.data()[3], ref.data()[4]}, part);
      assertEquals(ref, t);
      assertEquals(t, ref);
      assertEquals(ref.hashCode(), t.hashCode());
      assertTrue(t.sameValues(ref));
      assertEquals(6, t.size());
      assertArrayEquals(ref.data(), t.data());
      assertSame(t.data(), t.data(), "made once, then kept");
      assertFalse(t.isFloat32(), "held as doubles once asked for them");
    }
  }

  @Test
  void maxAbsIsTheLargestMagnitudeOrNaN() {
    assertEquals(3.5, Tensor.float32(new int[] {3}, FloatBuffer.wrap(new float[] {1, -3.5f, 2})).maxAbs());
    assertEquals(0.0, new Tensor(new int[] {0}, new double[0]).maxAbs());
    assertTrue(Double.isNaN(fileSlice(new int[] {6}, FLOATS).maxAbs()));
  }

  @Test
  void differentValuesOrShapesDiffer() {
    Tensor a = Tensor.float32(new int[] {2}, FloatBuffer.wrap(new float[] {1, 2}));
    assertNotEquals(a, Tensor.float32(new int[] {2}, FloatBuffer.wrap(new float[] {1, 3})));
    assertNotEquals(a, Tensor.float32(new int[] {1, 2}, FloatBuffer.wrap(new float[] {1, 2})));
    assertNotEquals(a, new Tensor(new int[] {2}, new double[] {1, 2}, true), "integer family differs");
    assertTrue(a.sameValues(new Tensor(new int[] {2}, new double[] {1, 2}, true)));
  }

  @Test
  void sizesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.float32(new int[] {3}, FloatBuffer.wrap(new float[2])));
    assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {3}, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {-1}, new double[0]));
    assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {1 << 16, 1 << 16}, new double[0]));
  }
}
