package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetTest {

  /** Four samples of shape {1, 1, 2}: sample i holds {10i, 10i + 1}. */
  private static Dataset four() {
    double[] x = new double[8];
    for (int i = 0; i < 4; i++) {
      x[2 * i] = 10 * i;
      x[2 * i + 1] = 10 * i + 1;
    }
    return new Dataset(x, new int[] {0, 1, 2, 1}, new int[] {1, 1, 2}, 3, "four");
  }

  @Test
  void reportsSizeAndSampleSize() {
    Dataset d = four();
    assertEquals(4, d.size());
    assertEquals(2, d.sampleSize());
    assertArrayEquals(new int[] {1, 1, 2}, d.sampleShape());
  }

  @Test
  void sampleCopiesOneRow() {
    double[] out = new double[2];
    four().sample(2, out);
    assertArrayEquals(new double[] {20, 21}, out);
  }

  @Test
  void subsetKeepsTheRangeAndMetadata() {
    Dataset s = four().subset(1, 3);
    assertEquals(2, s.size());
    assertArrayEquals(new double[] {10, 11, 20, 21}, s.x());
    assertArrayEquals(new int[] {1, 2}, s.y());
    assertEquals(3, s.classes());
    assertEquals("four", s.name());
  }

  @Test
  void batchGathersSamplesAndLabelsInIndexOrder() {
    double[] outX = new double[6];
    int[] outY = new int[3];
    four().batch(new int[] {3, 0, 3}, outX, outY);
    assertArrayEquals(new double[] {30, 31, 0, 1, 30, 31}, outX);
    assertArrayEquals(new int[] {1, 0, 1}, outY);
  }

  @Test
  void rejectsValuesThatDoNotMatchTheShape() {
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(new double[5], new int[2], new int[] {1, 2}, 2, "bad"));
  }

  @Test
  void rejectsLabelsOutsideTheClasses() {
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(new double[2], new int[] {0, 2}, new int[] {1}, 2, "bad"));
  }

  @Test
  void equalityComparesContents() {
    assertEquals(four(), four());
  }
}
