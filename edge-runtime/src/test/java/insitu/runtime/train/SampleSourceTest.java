package insitu.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SampleSourceTest {

  /** Every code gives exactly what an 8-bit reader computed before the stores existed: {@code (b & 0xff) / 255.0}. */
  @Test
  void eightBitCodesGiveTheSourceFormulasBits() {
    byte[] codes = new byte[256];
    for (int v = 0; v < 256; v++) codes[v] = (byte) v;
    double[] out = new double[256];
    Uint8Source.dividedBy(codes, 256, 255.0).copySample(0, out, 0);
    for (int v = 0; v < 256; v++) {
      assertEquals(Double.doubleToRawLongBits((codes[v] & 0xff) / 255.0), Double.doubleToRawLongBits(out[v]), "code " + v);
    }
    Uint8Source.dividedBy(codes, 16, 1.0).copySample(15, out, 0);
    for (int k = 0; k < 16; k++) assertEquals(240 + k, out[k], 0.0);
  }

  @Test
  void floatsWidenExactly() {
    float[] v = {0.1f, -3.5e-8f, Float.MAX_VALUE, 1f / 3};
    double[] out = new double[2];
    new Float32Source(v, 2).copySample(1, out, 0);
    assertArrayEquals(new double[] {Float.MAX_VALUE, 1f / 3}, out, 0.0);
  }

  @Test
  void gatherWritesTheChosenSamplesInOrder() {
    SampleSource s = new Float64Source(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, 2);
    double[] out = new double[6];
    s.gather(new int[] {9, 3, 0, 3, 9}, 1, 3, out);
    assertArrayEquals(new double[] {30, 31, 0, 1, 30, 31}, out, 0.0);
    s.copyRange(1, 2, out);
    assertArrayEquals(new double[] {10, 11, 20, 21}, java.util.Arrays.copyOf(out, 4), 0.0);
  }

  @Test
  void slicesShareTheStoreAndStayInsideTheirRange() {
    byte[] codes = {0, 1, 2, 3, 4, 5, 6, 7};
    SampleSource s = Uint8Source.dividedBy(codes, 2, 1.0).slice(1, 3);
    assertEquals(2, s.size());
    assertArrayEquals(new double[] {2, 3, 4, 5}, s.toDoubles(), 0.0);
    SampleSource inner = s.slice(1, 2);
    assertArrayEquals(new double[] {4, 5}, inner.toDoubles(), 0.0);
    double[] out = new double[2];
    assertThrows(IndexOutOfBoundsException.class, () -> s.copySample(2, out, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> s.slice(0, 3));
  }

  @Test
  void storesRefusePartialSamples() {
    assertThrows(IllegalArgumentException.class, () -> new Float64Source(new double[5], 2));
    assertThrows(IllegalArgumentException.class, () -> new Float32Source(new float[4], 0));
    assertThrows(IllegalArgumentException.class, () -> new Uint8Source(new byte[4], 2, new double[10]));
  }

  @Test
  void samplesSliceKeepsShapeAndClasses() {
    Samples s = new Samples(new double[] {0, 1, 2, 3, 4, 5}, new int[] {2, 0, 1}, new int[] {1, 2}, 3);
    Samples t = s.slice(1, 3);
    assertEquals(2, t.size());
    assertArrayEquals(new int[] {0, 1}, t.y());
    assertArrayEquals(new double[] {2, 3, 4, 5}, t.x().toDoubles(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> new Samples(new double[5], new int[2], new int[] {2}, 2));
  }
}
