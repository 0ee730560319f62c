package insitu.runtime.train;

/** Learning rate per epoch (1-based). */
public sealed interface LearningRateSchedule {
  double at(int epoch);

  /** lr·factor^(epoch−1): the paper's constant rate is factor 1. */
  record Exponential(double lr, double factor) implements LearningRateSchedule {
    @Override public double at(int epoch) {
      return lr * StrictMath.pow(factor, epoch - 1);
    }
  }

  /** lr·factor^⌊(epoch−1)/every⌋: drops by {@code factor} every {@code every} epochs. */
  record Step(double lr, double factor, int every) implements LearningRateSchedule {
    public Step {
      if (every < 1) throw new IllegalArgumentException("step schedule: every must be >= 1");
    }

    @Override public double at(int epoch) {
      return lr * StrictMath.pow(factor, (epoch - 1) / every);
    }
  }
}
