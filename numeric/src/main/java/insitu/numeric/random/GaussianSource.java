package insitu.numeric.random;

import insitu.numeric.parallel.Workers;

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
    return mix(state += GOLDEN_GAMMA);
  }

  /** Uniform in [0, 1). */
  public double uniform() {
    return toUniform(nextLong());
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
    double m = Math.sqrt(-2 * StrictMath.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  /** Below this many normals a fill draws them one at a time. */
  private static final int PARALLEL_FILL = 4096;
  private double[] candU = new double[0], candV = new double[0], candS = new double[0];
  private int[] accepted = new int[0];

  /**
   * Fills z[from..to) with the next standard normals: exactly the values, and the state after, of
   * calling {@link #gaussian()} that many times. A SplitMix64 output depends only on the seed and
   * its index, so the polar method's candidate pairs of uniforms are drawn and tested in parallel;
   * a scan in order keeps the accepted ones (about 79 %), whose logarithms and roots are again
   * taken in parallel on {@code workers}. Not for concurrent use (neither is the rest of this class).
   */
  public void fill(Workers workers, double[] z, int from, int to) {
    int k = from;
    if (k < to && hasSpare) {
      z[k++] = spare;
      hasSpare = false;
    }
    if (to - k < PARALLEL_FILL) {
      while (k < to) z[k++] = gaussian();
      return;
    }
    while (k < to) {
      // At most 2^16 pairs per block: the scratch stays near 2 MB however many normals are asked for.
      int pairs = Math.min((to - k + 1) / 2, 1 << 16), cand = pairs + pairs / 4 + 64;
      if (candU.length < cand) {
        candU = new double[cand];
        candV = new double[cand];
        candS = new double[cand];
        accepted = new int[cand];
      }
      double[] u = candU, v = candV, s = candS;
      long base = state;
      workers.run(cand, cand, PARALLEL_FILL, (chunk, c0, c1) -> {
        for (int c = c0; c < c1; c++) {
          double uc = 2 * toUniform(mix(base + (2L * c + 1) * GOLDEN_GAMMA)) - 1, vc = 2 * toUniform(mix(base + (2L * c + 2) * GOLDEN_GAMMA)) - 1;
          u[c] = uc;
          v[c] = vc;
          s[c] = uc * uc + vc * vc;
        }
      });
      // The accepted candidates in order, without a branch (a rejection is a coin flip to the predictor).
      int got = 0;
      int[] acc = accepted;
      for (int c = 0; c < cand && got < pairs; c++) {
        acc[got] = c;
        got += s[c] < 1 & s[c] != 0 ? 1 : 0;
      }
      int used = got == pairs ? acc[pairs - 1] + 1 : cand;
      state = base + 2L * used * GOLDEN_GAMMA;
      int start = k, n = got, end = to;
      int[] idx = accepted;
      workers.run(n, 8L * n, PARALLEL_FILL, (chunk, a0, a1) -> {
        for (int a = a0; a < a1; a++) {
          int c = idx[a], at = start + 2 * a;
          double m = Math.sqrt(-2 * StrictMath.log(s[c]) / s[c]);
          z[at] = u[c] * m;
          if (at + 1 < end) z[at + 1] = v[c] * m;
        }
      });
      if (n > 0) {
        // The last pair's second normal stays as the spare, as gaussian() leaves it (still
        // recorded in a snapshot once used); pending when the count was odd.
        int c = idx[n - 1];
        spare = v[c] * Math.sqrt(-2 * StrictMath.log(s[c]) / s[c]);
        hasSpare = start + 2 * n > to;
      }
      k = Math.min(to, start + 2 * n);
    }
  }

  /** SplitMix64's output for the state after an increment. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static double toUniform(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
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
