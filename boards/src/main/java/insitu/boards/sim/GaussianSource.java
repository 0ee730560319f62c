package insitu.boards.sim;

import java.util.SplittableRandom;

/**
 * A fast seeded source of uniform and standard-normal numbers (Marsaglia polar method, second
 * value cached). Its whole state is the seed plus the count of draws, so it can be checkpointed.
 */
public final class GaussianSource {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  public GaussianSource(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public double uniform() {
    return random.nextDouble();
  }

  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  public double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u, v, s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
