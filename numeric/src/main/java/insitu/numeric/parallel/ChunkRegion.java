package insitu.numeric.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/** One parallel region of {@link Workers}: its task and which chunks have been claimed and finished. */
final class ChunkRegion {
  private final IntConsumer task;
  private final int members;
  /** One flag per chunk: 1 once a member has taken it. */
  private final AtomicIntegerArray claimed;
  private final AtomicInteger remaining;
  private volatile Throwable failure;

  ChunkRegion(IntConsumer task, int chunks, int members) {
    this.task = task;
    this.members = members;
    claimed = new AtomicIntegerArray(chunks);
    remaining = new AtomicInteger(chunks);
  }

  /** A member's own share first (in order), then whatever nobody has started. */
  void work(int member) {
    int chunks = claimed.length();
    int from = Workers.from(chunks, members, member), to = Workers.from(chunks, members, member + 1);
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

  /**
   * Waits until every chunk has finished: spinning (the other members are mid-chunk), then also
   * yielding, since the member that holds the last chunk may have lost its core.
   */
  void awaitAll() {
    long start = System.nanoTime();
    while (remaining.get() > 0) Worker.pause(System.nanoTime() - start);
  }

  /** Rethrows the first failure of a chunk, if any. */
  void rethrow() {
    Throwable f = failure;
    if (f == null) return;
    if (f instanceof RuntimeException e) throw e;
    if (f instanceof Error e) throw e;
    throw new IllegalStateException(f);
  }
}
