package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {
  @Test
  void linearTicksStepByOneTwoOrFive() {
    Ticks t = Ticks.linear(0.118, 0.812, 6);
    assertFalse(t.log());
    assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), List.of(t.labels()));
    assertEquals(0, t.lo());
    assertEquals(1.0, t.hi(), 1e-12);
    assertEquals(List.of("70", "75", "80", "85", "90", "95", "100"), List.of(Ticks.linear(73.5, 96.3, 10).labels()));
  }

  @Test
  void largeLinearValuesGetUnits() {
    assertEquals(List.of("0", "20k", "40k", "60k"), List.of(Ticks.linear(0, 56_000, 5).labels()));
    assertEquals(List.of("0", "2,000", "4,000", "6,000"), List.of(Ticks.linear(0, 5628, 5).labels()));
  }

  @Test
  void accumulateAndFirePulsesSpanDecadesOnALogAxis() {
    Ticks t = Ticks.of(new double[] {5628, 2886, 837, 150, 162}, 6, 10, 0, Double.NaN);
    assertTrue(t.log());
    assertEquals(List.of("100", "200", "500", "1k", "2k", "5k", "10k"), List.of(t.labels()));
    assertEquals(100, t.lo(), 1e-9);
    assertEquals(10_000, t.hi(), 1e-9);
    assertEquals(0.5, t.fraction(1000), 1e-12);
  }

  @Test
  void manyDecadesAreLabelledEverySecondOneAndStillCoverTheData() {
    Ticks t = Ticks.log(30, 100_030, 4);
    assertTrue(t.hi() >= 100_030 && t.lo() <= 30, t.lo() + ".." + t.hi());
    assertTrue(t.values().length <= 4, List.of(t.labels()).toString());
  }

  @Test
  void withinADecadeStaysLinear() {
    assertFalse(Ticks.of(new double[] {150, 900}, 6, 10, 0, Double.NaN).log());
    assertFalse(Ticks.of(new double[] {0, 5628}, 6, 10, 0, Double.NaN).log(), "a zero cannot go on a log axis");
  }

  @Test
  void oneValueOrNoneStillGetsARange() {
    Ticks one = Ticks.of(new double[] {90, 90}, 6, Double.POSITIVE_INFINITY, 0, 100);
    assertTrue(one.lo() < 90 && one.hi() > 90);
    Ticks none = Ticks.of(new double[] {Double.NaN}, 6, 10, 0, 100);
    assertEquals(0, none.lo());
    assertEquals(100, none.hi());
  }

  @Test
  void epochTicksThinOutForLongRuns() {
    assertEquals(List.of("50", "100", "150", "200", "250", "300"), List.of(Ticks.integers(1, 300, 12).labels()));
    assertEquals(15, Ticks.integers(1, 15, 20).values().length);
    assertEquals(List.of("1"), List.of(Ticks.integers(1, 1, 5).labels()));
    assertEquals(List.of("6", "8", "10"), List.of(Ticks.integers(5, 11, 4).labels()));
  }
}
