package insitu.numeric.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * One thread per core (the caller is one of them) that runs the chunks of a parallel region.
 *
 * <p>Why not the fork-join pool: a training step is a chain of short regions (50–300 µs each)
 * over the same columns, and the pool hands chunks to whichever thread asks first, so data one
 * core just produced is consumed by the other and crosses caches; its workers also park between
 * regions and take microseconds to wake. Here member m owns the same contiguous share of the
 * chunks in every region (the data it produced stays in its own L2), and workers spin briefly
 * before parking. A member that finishes its share takes chunks nobody has started, so a core
 * taken by another process does not hold the region up. Which thread runs a chunk never changes
 * a result: chunk boundaries depend only on the work's size.
 */
final class CoreTeam {
  /** The process's team: one member per available core (like the JDK's common pool). */
  static final CoreTeam SHARED = new CoreTeam(Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 16)));

  /** How long an idle worker watches for the next region before it parks. */
  private static final long SPIN_NANOS = 200_000;
  /** How long an idle worker spins without giving up its core. */
  private static final long YIELD_AFTER_NANOS = 20_000;

  private final int size;
  private final Worker[] workers;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Region current;

  CoreTeam(int size) {
    this.size = size;
    workers = new Worker[size - 1];
    for (int m = 1; m < size; m++) {
      Worker w = new Worker(m);
      workers[m - 1] = w;
      w.start();
    }
  }

  /**
   * Runs task(0..chunks-1), each exactly once, spread over the team; returns when all are done
   * and rethrows the first failure. From inside a region (nested) or while another thread holds
   * the team, the chunks run in order on the calling thread.
   */
  void run(int chunks, IntConsumer task) {
    if (size == 1 || chunks < 2 || Thread.currentThread() instanceof Worker || lock.isHeldByCurrentThread() || !lock.tryLock()) {
      for (int k = 0; k < chunks; k++) task.accept(k);
      return;
    }
    try {
      Region r = new Region(task, chunks, size);
      current = r;
      for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
      r.work(0);
      while (r.remaining.get() > 0) Thread.onSpinWait();
      current = null;
      if (r.failure != null) {
        if (r.failure instanceof RuntimeException e) throw e;
        if (r.failure instanceof Error e) throw e;
        throw new IllegalStateException(r.failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /** One parallel region: its task and which chunks have been claimed and finished. */
  private static final class Region {
    final IntConsumer task;
    final int chunks, members;
    final AtomicIntegerArray claimed;
    final AtomicInteger remaining;
    volatile Throwable failure;

    Region(IntConsumer task, int chunks, int members) {
      this.task = task;
      this.chunks = chunks;
      this.members = members;
      claimed = new AtomicIntegerArray(chunks);
      remaining = new AtomicInteger(chunks);
    }

    /** A member's own share first (in order), then whatever nobody has started. */
    void work(int member) {
      int from = (int) ((long) chunks * member / members), to = (int) ((long) chunks * (member + 1) / members);
      for (int k = from; k < to; k++) attempt(k);
      for (int k = 0; k < chunks && remaining.get() > 0; k++) attempt(k);
    }

    private void attempt(int k) {
      if (claimed.get(k) != 0 || !claimed.compareAndSet(k, 0, 1)) return;
      try {
        if (failure == null) task.accept(k);
      } catch (Throwable t) {
        if (failure == null) failure = t;
      } finally {
        remaining.decrementAndGet();
      }
    }
  }

  private final class Worker extends Thread {
    private final int member;
    volatile boolean parked;

    Worker(int member) {
      super("insitu-core-" + member);
      this.member = member;
      setDaemon(true);
    }

    @Override public void run() {
      Region seen = null;
      while (true) {
        Region r = current;
        if (r != null && r != seen) {
          seen = r;
          r.work(member);
          continue;
        }
        long start = System.nanoTime();
        while ((r = current) == null || r == seen) {
          long waited = System.nanoTime() - start;
          if (waited < SPIN_NANOS) {
            // Spin briefly, then offer the core to any other runnable thread (the JIT compiling
            // this very code, another process) while still watching.
            if (waited < YIELD_AFTER_NANOS) Thread.onSpinWait();
            else Thread.yield();
            continue;
          }
          parked = true;
          r = current;
          if (r == null || r == seen) LockSupport.park(this);
          parked = false;
          start = System.nanoTime();
        }
      }
    }
  }
}
