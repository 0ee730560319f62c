package insitu.numeric.parallel;

import insitu.numeric.kernel.VectorTrials;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The threads a computation may use: a team of one thread per core (the caller is one of them)
 * that runs the chunks of parallel regions, and the background {@link VectorTrials} of the Vector
 * API kernels. An object, never a static: whoever opens a board or builds a deployment passes one
 * in, and its owner closes it, which stops every thread it started. Threads start on first use and
 * are daemons; an idle worker spins for a moment (regions come in quick chains) and then parks.
 *
 * <p>Regions split work items 0..n into a fixed number of contiguous chunks. The split depends only
 * on n and the work's size, never on the team's size or on scheduling, so kernels whose chunks
 * write disjoint outputs (or partial results reduced in chunk order) give the same bits on
 * {@link #sequential()} workers, on any core count, and after {@link #close()} (when every region
 * runs on the calling thread).
 *
 * <p>Why not the fork-join pool: a training step is a chain of short regions over the same
 * columns, and the pool hands chunks to whichever thread asks first, so data one
 * core just produced is consumed by the other and crosses caches. Here member m owns the same
 * contiguous share of the chunks in every region (the data it produced stays in its own L2); a
 * member that finishes its share takes chunks nobody has started, so a core taken by another
 * process does not hold the region up.
 */
public final class Workers implements AutoCloseable {
  /** Chunks per parallel region: several per core, so a busy core does not hold the others up. */
  public static final int CHUNKS = 16;
  /** Largest team {@link #perCore()} makes. */
  private static final int MAX_TEAM = 16;

  /** Runs the items from..to of chunk {@code chunk}. */
  @FunctionalInterface
  public interface Body {
    void run(int chunk, int from, int to);
  }

  private final int size;
  private final VectorTrials trials;
  private final ReentrantLock lock = new ReentrantLock();
  private Worker[] team; // started by the first parallel region
  private volatile ChunkRegion current;
  private volatile boolean closed;

  private Workers(int size, VectorTrials trials) {
    if (size < 1) throw new IllegalArgumentException("a team needs at least one member, got " + size);
    this.size = size;
    this.trials = trials;
  }

  /** A team of {@code size} members, the caller included (so {@code size - 1} threads at most). */
  public Workers(int size) {
    this(size, new VectorTrials());
  }

  /** One member per available core (at most 16). */
  public static Workers perCore() {
    return new Workers(Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), MAX_TEAM)));
  }

  /**
   * Workers that start no thread at all: every chunk runs on the caller, in order, and the Vector
   * API kernels keep to their scalar twins (same bits). Closing them is optional.
   */
  public static Workers sequential() {
    return new Workers(1, VectorTrials.none());
  }

  /** Members of the team, the caller included. */
  public int size() {
    return size;
  }

  /** The trials of the Vector API kernels that run with these workers. */
  public VectorTrials trials() {
    return trials;
  }

  /** How many chunks {@link #run} uses for n items and this much work (multiply-adds, copies). */
  public static int chunks(int n, long work, long parallelThreshold) {
    return work < parallelThreshold || n < 2 ? 1 : Math.min(n, CHUNKS);
  }

  /** First item of chunk k when n items are split into {@code chunks} contiguous chunks. */
  public static int from(int n, int chunks, int k) {
    return (int) ((long) n * k / chunks);
  }

  /** Runs body over items 0..n in {@link #chunks} chunks, in parallel when {@code work} is worth it. */
  public void run(int n, long work, long parallelThreshold, Body body) {
    int chunks = chunks(n, work, parallelThreshold);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    forEach(chunks, k -> body.run(k, from(n, chunks, k), from(n, chunks, k + 1)));
  }

  /**
   * Runs task(0..chunks-1), each exactly once, spread over the team; returns when all are done
   * and rethrows the first failure. From inside a region (nested), while another thread holds the
   * team, or once closed, the chunks run in order on the calling thread.
   */
  public void forEach(int chunks, IntConsumer task) {
    if (size == 1 || chunks < 2 || closed || Thread.currentThread() instanceof Worker || lock.isHeldByCurrentThread() || !lock.tryLock()) {
      for (int k = 0; k < chunks; k++) task.accept(k);
      return;
    }
    try {
      if (closed) {
        for (int k = 0; k < chunks; k++) task.accept(k);
        return;
      }
      if (team == null) team = startTeam();
      ChunkRegion r = new ChunkRegion(task, chunks, size);
      current = r;
      for (Worker w : team) if (w.parked) LockSupport.unpark(w);
      r.work(0);
      r.awaitAll();
      current = null;
      r.rethrow();
    } finally {
      lock.unlock();
    }
  }

  private Worker[] startTeam() {
    Worker[] t = new Worker[size - 1];
    for (int m = 1; m < size; m++) {
      t[m - 1] = new Worker(this, m);
      t[m - 1].start();
    }
    return t;
  }

  /** The posted region if it is not {@code seen}, else null: what an idle worker watches for. */
  ChunkRegion regionOtherThan(ChunkRegion seen) {
    ChunkRegion r = current;
    return r == seen ? null : r;
  }

  boolean closed() {
    return closed;
  }

  /**
   * Stops every thread these workers started (team and trials) and waits for them. Regions run
   * on the calling thread from now on. Call it after the work that uses them has finished.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    trials.close();
    Worker[] t;
    lock.lock(); // a region still running (another thread's) finishes first
    try {
      t = team;
    } finally {
      lock.unlock();
    }
    if (t == null) return;
    for (Worker w : t) LockSupport.unpark(w);
    for (Worker w : t) {
      if (w == Thread.currentThread()) continue;
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
