package insitu.boards;

/**
 * How an input vector becomes row voltages, in one place for every caller that must agree bit for
 * bit (the runtime's crossbar blocks, {@link PatchGeometry#pairVolts} on any board): the vector is
 * scaled so its largest magnitude drives exactly the read voltage, and rounding is never allowed
 * to push a voltage past it.
 */
public final class InputScaling {
  private InputScaling() {}

  /** The factor for a vector whose largest |x| is {@code maxAbs}: readVolts / maxAbs, or 1 for an all-zero vector. */
  public static double scale(double maxAbs, double readVolts) {
    return maxAbs > 0 ? readVolts / maxAbs : 1;
  }

  /**
   * The voltage of element x: x·scale, clamped to ±readVolts (NaN stays NaN, -0.0 stays -0.0). The
   * clamp has no branch: it is rare and comes late, and a branch the JIT had never seen taken made it
   * throw away and compile again the products that call this (docs/BENCHMARKS.md, issue 20).
   */
  public static double volts(double x, double scale, double readVolts) {
    return Math.max(-readVolts, Math.min(readVolts, x * scale));
  }
}
