package insitu.boards.sim;

/**
 * A fast seeded source of uniform and standard-normal numbers whose whole state fits in a
 * checkpoint. Uniforms come from SplitMix64, the generator of {@link java.util.SplittableRandom}
 * (same seed, same sequence of doubles); normals from the Marsaglia polar method with the second
 * value cached.
 */
public final class GaussianSource {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long state;
  private double spare;
  private boolean hasSpare;

  public GaussianSource(long seed) {
    this.state = seed;
  }

  private long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  public double uniform() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * uniform();
  }

  public double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u, v, s;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  private int nextInt() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /**
   * Uniform integer in [0, bound), unbiased, drawn exactly as {@link java.util.SplittableRandom#nextInt(int)}
   * does on JDK 17, so a shuffle written with either gives the same order.
   */
  public int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be > 0, was " + bound);
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) return r & m;
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // rejection: keeps the result unbiased
    }
    return r;
  }

  /** The complete state, for checkpoints. */
  public record State(long state, double spare, boolean hasSpare) {}

  public State snapshot() {
    return new State(state, spare, hasSpare);
  }

  public void restore(State s) {
    state = s.state();
    spare = s.spare();
    hasSpare = s.hasSpare();
  }
}
