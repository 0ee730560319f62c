package insitu.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundsTest {
  @Test void medianIsTheMiddleRoundWhateverTheOrder() {
    Rounds r = new Rounds();
    for (double v : new double[] {75_531, 39_368, 64_243}) r.add(v);
    assertEquals(64_243, r.median());
    assertArrayEquals(new double[] {75_531, 39_368, 64_243}, r.values(), "values stay in round order");
  }

  @Test void valuesAreACopyAndAPeerThatNeverRanHasNoMedian() {
    Rounds r = new Rounds();
    assertTrue(Double.isNaN(r.median()));
    r.add(2);
    r.values()[0] = 99;
    assertEquals(2, r.median());
  }
}
