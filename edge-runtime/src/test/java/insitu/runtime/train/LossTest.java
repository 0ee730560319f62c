package insitu.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import insitu.runtime.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossTest {
  private final List<NDArray> steps = List.of(
      new NDArray(new int[] {2, 3}, new double[] {1, 2, 3, 0, 0, 0}),
      new NDArray(new int[] {2, 3}, new double[] {0, 0, 5, 1, -1, 0}));
  private final int[] labels = {2, 0};

  @Test void crossEntropyOnTheLastStepOnlyMatchesTheSoftmaxFormula() {
    Loss.Value v = Loss.crossEntropy(Loss.Steps.LAST).evaluate(steps, labels, 3);
    assertNull(v.gradients().get(0));
    double[] g = new double[6];
    double want = SoftmaxCrossEntropy.lossAndGrad(steps.get(1).data(), labels, 2, 3, g);
    assertEquals(want, v.loss(), 0);
    assertArrayEquals(g, v.gradients().get(1).data(), 0);
  }

  @Test void allStepsSumTheStepLosses() {
    Loss.Value all = Loss.crossEntropy(Loss.Steps.ALL).evaluate(steps, labels, 3);
    double l0 = Loss.crossEntropy(Loss.Steps.LAST).evaluate(steps.subList(0, 1), labels, 3).loss();
    double l1 = Loss.crossEntropy(Loss.Steps.LAST).evaluate(steps.subList(1, 2), labels, 3).loss();
    assertEquals(l0 + l1, all.loss(), 1e-12);
  }

  @Test void meanSquaredErrorIsHalfTheSquaredDistanceToOneHot() {
    Loss.Value v = Loss.meanSquaredError(Loss.Steps.LAST).evaluate(steps, labels, 3);
    assertEquals(0.5 * (0 + 0 + 16 + 0 + 1 + 0), v.loss(), 1e-12);
    assertArrayEquals(new double[] {0, 0, 4, 0, -1, 0}, v.gradients().get(1).data(), 1e-12);
  }

  @Test void schedules() {
    assertEquals(0.01 * 0.85 * 0.85, new LearningRateSchedule.Exponential(0.01, 0.85).at(3), 1e-15);
    assertEquals(0.01, new LearningRateSchedule.Step(0.01, 0.5, 2).at(2), 1e-15);
    assertEquals(0.005, new LearningRateSchedule.Step(0.01, 0.5, 2).at(3), 1e-15);
  }
}
