package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

  private static Dataset set(double v, String name) {
    return new Dataset(new double[] {v, v}, new int[] {0, 1}, new int[] {1}, 2, name);
  }

  /** One value of a data set's first sample. */
  private static double first(Dataset d) {
    double[] x = new double[1];
    d.sample(0, x);
    return x[0];
  }

  @Test
  void eachHalfIsLoadedOnceWhenFirstAskedFor() {
    AtomicInteger trains = new AtomicInteger(), tests = new AtomicInteger();
    DatasetSplit s = DatasetSplit.lazy(() -> {
      trains.incrementAndGet();
      return set(1, "train");
    }, () -> {
      tests.incrementAndGet();
      return set(2, "test");
    });
    assertEquals(0, trains.get() + tests.get());
    Dataset t = s.train();
    assertSame(t, s.train());
    assertEquals(1, trains.get());
    assertEquals(0, tests.get());
    assertSame(s.test(), s.test());
    assertEquals(1, tests.get());
  }

  /** A split with one half loaded and the other not maps each half when it is asked for. */
  @Test
  void mappingAHalfLoadedSplitStaysLazyForTheOtherHalf() {
    AtomicInteger tests = new AtomicInteger();
    DatasetSplit s = DatasetSplit.lazy(() -> set(1, "train"), () -> {
      tests.incrementAndGet();
      return set(2, "test");
    });
    s.train();
    DatasetSplit doubled = s.map(d -> set(first(d) * 2, d.name()));
    assertEquals(0, tests.get());
    assertEquals(2.0, first(doubled.train()));
    assertEquals(4.0, first(doubled.test()));
    assertEquals(1, tests.get());
  }

  @Test
  void mappingALoadedSplitKeepsOneSetForBothHalves() {
    Dataset both = set(3, "both");
    DatasetSplit mapped = new DatasetSplit(both, both).map(d -> set(first(d) + 1, d.name()));
    assertSame(mapped.train(), mapped.test());
    assertEquals(4.0, first(mapped.train()));
    DatasetSplit loadedLazily = DatasetSplit.lazy(() -> set(5, "train"), () -> set(6, "test"));
    loadedLazily.train();
    loadedLazily.test();
    DatasetSplit m = loadedLazily.map(d -> set(-first(d), d.name()));
    assertEquals(-5.0, first(m.train()));
    assertEquals(-6.0, first(m.test()));
  }
}
