package insitu.boards.numeric;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides, once per JVM and in the background, whether {@link VectorLaneDots} is worth using: a
 * daemon thread runs it next to the scalar code on a small fixed problem until C2 has compiled it
 * and its fastest of 20 rounds beats the scalar code's fastest by 20 % (then {@link #ready()} turns
 * true), or gives up after a minute.
 *
 * <p>Why: until C2 compiles it, Vector API code runs as plain Java objects, tens of times slower
 * than scalar code, so a first training epoch or an occasional single-sample update would pay for
 * the warm-up; and a kernel C2 compiled badly (vectors boxed) must never replace a faster scalar
 * one. Both give the same bits, so when the switch happens changes no result.
 */
final class VectorWarmup {
  private VectorWarmup() {}

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static volatile boolean ready;

  /** Rounds per comparison: each kernel's fastest round counts (a preempted round is slow, not fast). */
  private static final int ROUNDS = 20;
  private static final double MARGIN = 0.8;
  private static final long GIVE_UP_NANOS = 60_000_000_000L;

  /** Whether the vector kernel has proven itself in this JVM; starts the trial on first call. */
  static boolean ready() {
    if (!ready && STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(VectorWarmup::trial, "insitu-simd-warmup");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      t.start();
    }
    return ready;
  }

  /** Whether the trial has succeeded (without starting one). */
  static boolean succeeded() {
    return ready;
  }

  private static void trial() {
    // Five outputs and five inputs reach every block shape of the kernel; 1,027 positions a tail.
    int nOut = 5, k = 5, n = 1027;
    SplittableRandom rnd = new SplittableRandom(1);
    double[][] g = new double[nOut][n], x = new double[k][n];
    for (double[] row : g) for (int r = 0; r < n; r++) row[r] = rnd.nextGaussian();
    for (double[] row : x) for (int r = 0; r < n; r++) row[r] = rnd.nextGaussian();
    long deadline = System.nanoTime() + GIVE_UP_NANOS;
    while (System.nanoTime() < deadline) {
      long bestVector = Long.MAX_VALUE, bestScalar = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long t0 = System.nanoTime();
        double[] v = VectorLaneDots.outerSums(g, x, nOut, k, 0, n);
        long t1 = System.nanoTime();
        double[] s = LaneDots.scalarOuterSums(g, x, nOut, k, 0, n);
        long t2 = System.nanoTime();
        if (!java.util.Arrays.equals(v, s)) return; // never: the kernels are bit-identical by design
        bestVector = Math.min(bestVector, t1 - t0);
        bestScalar = Math.min(bestScalar, t2 - t1);
      }
      if (bestVector < MARGIN * bestScalar) {
        ready = true;
        return;
      }
    }
  }
}
