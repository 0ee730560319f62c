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

  /** Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject). */
  public int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be > 0, was " + bound);
    long m = ((nextLong() >>> 32) & 0xffffffffL) * bound;
    long low = m & 0xffffffffL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = ((nextLong() >>> 32) & 0xffffffffL) * bound;
        low = m & 0xffffffffL;
      }
    }
    return (int) (m >>> 32);
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
