package insitu.numeric.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Decides, once per JVM and in the background, whether a kernel written on the incubating Vector
 * API is worth using instead of its scalar twin: a daemon thread runs both on a small fixed
 * problem until C2 has compiled the vector one and its fastest of 20 rounds beats the scalar
 * one's fastest by 20 % (then {@link #ready()} turns true), or gives up after a minute.
 *
 * <p>Why: until C2 compiles it, Vector API code runs as plain Java objects, tens of times slower
 * than scalar code, so a first training epoch or an occasional single-sample call would pay for
 * the warm-up; and a kernel C2 compiled badly (vectors boxed) must never replace a faster scalar
 * one. Both give the same bits (the trial checks it), so when the switch happens changes no result.
 */
public final class VectorTrial {
  /** Rounds per comparison: each kernel's fastest round counts (a preempted round is slow, not fast). */
  private static final int ROUNDS = 20;
  private static final double MARGIN = 0.8;
  private static final long GIVE_UP_NANOS = 60_000_000_000L, FULL_SPEED_NANOS = 5_000_000_000L;

  private final String name;
  private final Supplier<double[]> vector, scalar;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean ready;

  /**
   * @param vector one run of the vector kernel on the trial problem, returning its result
   * @param scalar the same run of the scalar twin
   */
  public VectorTrial(String name, Supplier<double[]> vector, Supplier<double[]> scalar) {
    this.name = name;
    this.vector = vector;
    this.scalar = scalar;
  }

  /** Whether the vector kernel has proven itself in this JVM; starts the trial on first call. */
  public boolean ready() {
    if (!ready && started.compareAndSet(false, true)) {
      Thread t = new Thread(this::trial, "insitu-simd-trial-" + name);
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      t.start();
    }
    return ready;
  }

  /** Whether the trial has succeeded (without starting one). */
  public boolean succeeded() {
    return ready;
  }

  private void trial() {
    long began = System.nanoTime(), deadline = began + GIVE_UP_NANOS;
    while (System.nanoTime() < deadline) {
      long start = System.nanoTime(), bestVector = Long.MAX_VALUE, bestScalar = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long t0 = System.nanoTime();
        double[] v = vector.get();
        long t1 = System.nanoTime();
        double[] s = scalar.get();
        long t2 = System.nanoTime();
        if (!java.util.Arrays.equals(v, s)) return; // never: the kernels are bit-identical by design
        bestVector = Math.min(bestVector, t1 - t0);
        bestScalar = Math.min(bestScalar, t2 - t1);
      }
      if (bestVector < MARGIN * bestScalar) {
        ready = true;
        return;
      }
      // After the first seconds (C2 has compiled a good kernel by then, measured 1-2 s) at most a
      // fifth of a core: a trial that keeps failing must not slow the work it serves.
      if (System.nanoTime() - began > FULL_SPEED_NANOS)
        try {
          Thread.sleep(Math.max(1, (System.nanoTime() - start) * 4 / 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
    }
  }
}
