package insitu.numeric.parallel;

import java.util.concurrent.locks.LockSupport;

/** A member of a {@link Workers} team other than the caller: joins every region until the team closes. */
final class Worker extends Thread {
  /** How long an idle worker watches for the next region before it parks. */
  private static final long SPIN_NANOS = 200_000;
  /** How long an idle worker spins without giving up its core. */
  private static final long YIELD_AFTER_NANOS = 20_000;

  private final Workers owner;
  private final int member;
  volatile boolean parked;

  Worker(Workers owner, int member) {
    super("insitu-worker-" + member);
    this.owner = owner;
    this.member = member;
    setDaemon(true);
  }

  Workers owner() {
    return owner;
  }

  @Override public void run() {
    ChunkRegion seen = null;
    while (!owner.closed()) {
      ChunkRegion r = owner.regionOtherThan(seen);
      if (r != null) {
        seen = r;
        r.work(member);
        continue;
      }
      idle(seen);
    }
  }

  /**
   * One step of a wait that has lasted {@code waitedNanos}: a spin at first, then the core offered
   * to any other runnable thread (the JIT compiling this very code, a member that lost its core,
   * another process) while still watching.
   */
  static void pause(long waitedNanos) {
    if (waitedNanos < YIELD_AFTER_NANOS) Thread.onSpinWait();
    else Thread.yield();
  }

  /** Waits until a region other than {@code seen} is posted or the team closes: a short spin, then parked. */
  private void idle(ChunkRegion seen) {
    long start = System.nanoTime();
    while (!owner.closed() && owner.regionOtherThan(seen) == null) {
      long waited = System.nanoTime() - start;
      if (waited < SPIN_NANOS) {
        pause(waited);
        continue;
      }
      parked = true;
      if (!owner.closed() && owner.regionOtherThan(seen) == null) LockSupport.park(this);
      parked = false;
      start = System.nanoTime();
    }
  }
}
