package insitu.bench;

/**
 * Waits until our JVM is idle before a peer measures: no JIT compilation, trial or worker still
 * burning a core. A side counts as idle when it used at most one clock tick (10 ms) of CPU over
 * one interval (200 ms); after {@code maxIntervals} the peer measures anyway and the slots' CPU
 * columns show it.
 */
final class Quiescence {
  /** Sleeps between two readings of the clock (a virtual one in tests). */
  @FunctionalInterface
  interface Pause {
    void millis(long ms) throws InterruptedException;
  }

  static final long INTERVAL_MILLIS = 200, IDLE_CPU_NANOS = 10_000_000L;

  /** One wait for idleness (the real one, or a stand-in in tests). */
  @FunctionalInterface
  interface Wait {
    Result await() throws InterruptedException;
  }

  /** How a wait ended: idle or not, after how many intervals. */
  record Result(boolean idle, int intervals) {}

  private Quiescence() {}

  static Result await(CpuClock side, Pause pause, int maxIntervals) throws InterruptedException {
    long before = side.nanos();
    for (int i = 1; i <= maxIntervals; i++) {
      pause.millis(INTERVAL_MILLIS);
      long now = side.nanos();
      if (now - before <= IDLE_CPU_NANOS) return new Result(true, i);
      before = now;
    }
    return new Result(false, maxIntervals);
  }

  /** Our JVM, on the real clock, for at most {@code maxIntervals} intervals (a --quick run waits one). */
  static Wait ours(int maxIntervals) {
    return () -> await(CpuClock.ours(), Thread::sleep, maxIntervals);
  }
}
