package insitu.numeric.kernel;

/**
 * Blocks of dot products, part[o·k + i] = Σ_{r ∈ [from, to)} g[o][r]·x[i][r], summed in four
 * interleaved lanes: lane l adds the terms r = from + 4m + l in order of m (one multiply and one add
 * per term, no fused multiply-add), the lanes combine as (l0 + l1) + (l2 + l3), then the last
 * (to − from) mod 4 terms are added one by one. This order, fixed by the definition and not by the
 * machine, lets four positions go through one vector instruction; sums kept in position order
 * cannot be vectorized at all (each add waits on the previous one).
 *
 * <p>Two implementations give the same bits: {@link VectorLaneDots} (the incubating Vector API,
 * four lanes in one 256-bit vector) where the JVM has {@code jdk.incubator.vector} and 256-bit
 * vectors, and {@link #scalarOuterSums} everywhere else ({@link Simd}), and also until the vector
 * kernel has been compiled and measured faster ({@link VectorTrials}).
 */
public final class LaneDots {
  private LaneDots() {}

  private static final boolean VECTOR = Simd.ENABLED && VectorLaneDots.usable();
  private static final VectorTrial TRIAL = new VectorTrial("lane-dots", LaneDots::trialProblem);

  /** Five outputs and five inputs reach every block shape of the vector kernel; 1,027 positions a tail. */
  private static VectorTrial.Runs trialProblem() {
    int nOut = 5, k = 5, n = 1027;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    double[][] g = new double[nOut][n], x = new double[k][n];
    for (double[] row : g) for (int r = 0; r < n; r++) row[r] = rnd.nextGaussian();
    for (double[] row : x) for (int r = 0; r < n; r++) row[r] = rnd.nextGaussian();
    return new VectorTrial.Runs(() -> VectorLaneDots.outerSums(g, x, nOut, k, 0, n), () -> scalarOuterSums(g, x, nOut, k, 0, n));
  }

  /** Whether {@link #outerSums} can run on the Vector API in this JVM (once it has proven faster). */
  public static boolean vectorized() {
    return VECTOR;
  }

  /** Whether {@link #outerSums} runs on the Vector API with these trials now (it was tried and proved faster). */
  public static boolean vectorInUse(VectorTrials trials) {
    return VECTOR && trials.succeeded(TRIAL);
  }

  /**
   * part[o·k + i] = Σ_r g[o][r]·x[i][r] in the lane order above, a fresh array; on the Vector API
   * once the kernel's trial among {@code trials} has succeeded.
   */
  public static double[] outerSums(VectorTrials trials, double[][] g, double[][] x, int nOut, int k, int from, int to) {
    return VECTOR && trials.ready(TRIAL) ? VectorLaneDots.outerSums(g, x, nOut, k, from, to) : scalarOuterSums(g, x, nOut, k, from, to);
  }

  /** {@link #outerSums} without vectors: two outputs by two inputs by four lanes per sweep. */
  public static double[] scalarOuterSums(double[][] g, double[][] x, int nOut, int k, int from, int to) {
    double[] part = new double[nOut * k];
    int end = from + ((to - from) & ~3);
    int o = 0;
    for (; o + 1 < nOut; o += 2) {
      double[] p = g[o], q = g[o + 1];
      int i = 0;
      for (; i + 1 < k; i += 2) {
        double[] u = x[i], v = x[i + 1];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        for (int r = from; r < end; r += 4) {
          a0 += p[r] * u[r]; a1 += p[r + 1] * u[r + 1]; a2 += p[r + 2] * u[r + 2]; a3 += p[r + 3] * u[r + 3];
          b0 += p[r] * v[r]; b1 += p[r + 1] * v[r + 1]; b2 += p[r + 2] * v[r + 2]; b3 += p[r + 3] * v[r + 3];
          c0 += q[r] * u[r]; c1 += q[r + 1] * u[r + 1]; c2 += q[r + 2] * u[r + 2]; c3 += q[r + 3] * u[r + 3];
          d0 += q[r] * v[r]; d1 += q[r + 1] * v[r + 1]; d2 += q[r + 2] * v[r + 2]; d3 += q[r + 3] * v[r + 3];
        }
        part[o * k + i] = tail(p, u, end, to, (a0 + a1) + (a2 + a3));
        part[o * k + i + 1] = tail(p, v, end, to, (b0 + b1) + (b2 + b3));
        part[(o + 1) * k + i] = tail(q, u, end, to, (c0 + c1) + (c2 + c3));
        part[(o + 1) * k + i + 1] = tail(q, v, end, to, (d0 + d1) + (d2 + d3));
      }
      for (; i < k; i++) {
        part[o * k + i] = one(p, x[i], from, end, to);
        part[(o + 1) * k + i] = one(q, x[i], from, end, to);
      }
    }
    for (; o < nOut; o++) for (int i = 0; i < k; i++) part[o * k + i] = one(g[o], x[i], from, end, to);
    return part;
  }

  /** One sum of {@link #outerSums}; {@code end} is where the four-lane part stops. */
  static double one(double[] p, double[] u, int from, int end, int to) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int r = from; r < end; r += 4) {
      a0 += p[r] * u[r]; a1 += p[r + 1] * u[r + 1]; a2 += p[r + 2] * u[r + 2]; a3 += p[r + 3] * u[r + 3];
    }
    return tail(p, u, end, to, (a0 + a1) + (a2 + a3));
  }

  /** s plus the terms end..to, one at a time. */
  static double tail(double[] p, double[] u, int end, int to, double s) {
    for (int r = end; r < to; r++) s += p[r] * u[r];
    return s;
  }
}
