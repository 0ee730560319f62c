package insitu.fleet.control;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closed forms of the three aggregations. */
class WeightAggregatorTest {
  private static final double[] ONE = {1, 1, 1, 1, 1};

  @Test
  void fedAvgIsTheSampleWeightedMean() {
    double[] v = {1, 2, 3, 4, 100};
    double[] w = {1, 1, 1, 1, 6};
    assertEquals((1 + 2 + 3 + 4 + 600) / 10.0, WeightAggregator.trimmedMean(v, w, 0), 1e-12);
  }

  @Test
  void trimmedMeanDropsTheOutlierMassAtBothEnds() {
    double[] v = {100, 2, 3, 4, -50};
    // Trim 0.2 of five equal weights: the lowest and the highest go, the middle three remain.
    assertEquals(3, WeightAggregator.trimmedMean(v, ONE, 0.2), 1e-12);
    // Trim 0.1: half of each end counts.
    assertEquals((0.5 * -50 + 2 + 3 + 4 + 0.5 * 100) / 4.0, WeightAggregator.trimmedMean(v, ONE, 0.1), 1e-12);
  }

  @Test
  void medianIsWeightedAndAveragesAtAnExactHalf() {
    assertEquals(3, WeightAggregator.median(new double[] {5, 1, 3, 9, 2}, ONE));
    assertEquals(2.5, WeightAggregator.median(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1}));
    assertEquals(4, WeightAggregator.median(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 5}));
    assertEquals(1, WeightAggregator.median(new double[] {1, 2}, new double[] {1, 0}), "zero weight does not count");
  }

  @Test
  void combinesEveryParameterCoordinateWise() {
    var agg = new WeightAggregator(Aggregation.MEDIAN, 0.2);
    List<Map<String, double[]>> models = List.of(Map.of("w", new double[] {1, 10}), Map.of("w", new double[] {2, 20}),
        Map.of("w", new double[] {30, 15}));
    assertArrayEquals(new double[] {2, 15}, agg.combine(models, new double[] {1, 1, 1}).get("w"));
    // All-zero sample counts count every device once.
    var mean = new WeightAggregator(Aggregation.FEDAVG, 0);
    assertArrayEquals(new double[] {11, 15}, mean.combine(models, new double[] {0, 0, 0}).get("w"), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new WeightAggregator(Aggregation.TRIMMED_MEAN, 0.5));
  }
}
