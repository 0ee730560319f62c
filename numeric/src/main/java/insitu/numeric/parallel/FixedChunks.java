package insitu.numeric.parallel;

import java.util.function.IntConsumer;

/**
 * Splits independent work items 0..n over the cores in a fixed number of contiguous chunks. The
 * split depends only on n, never on thread scheduling, so kernels whose chunks write disjoint
 * outputs (or partial results reduced in chunk order) stay deterministic. Runs on the process's
 * {@link CoreTeam}, which gives each core the same share of the chunks in every region.
 */
public final class FixedChunks {
  /**
   * Chunks per parallel call: several per core so a busy core does not hold the others up (16
   * instead of 8 measured 1.00–1.15×, mean 1.05×, on 2 cores: the last chunk a core waits for is
   * half as long).
   */
  public static final int CHUNKS = 16;

  @FunctionalInterface
  public interface Body {
    void run(int chunk, int from, int to);
  }

  private FixedChunks() {}

  /** Runs body over 0..n, in parallel when {@code work} (multiply-adds or copies) is worth it. */
  public static void run(int n, long work, long parallelThreshold, Body body) {
    int chunks = chunks(n, work, parallelThreshold);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    CoreTeam.SHARED.run(chunks, k -> body.run(k, from(n, chunks, k), from(n, chunks, k + 1)));
  }

  /** Runs task(0..chunks-1) in parallel, each exactly once; returns when all are done. */
  public static void forEach(int chunks, IntConsumer task) {
    CoreTeam.SHARED.run(chunks, task);
  }

  /** How many chunks {@link #run} uses for this n and work. */
  public static int chunks(int n, long work, long parallelThreshold) {
    return work < parallelThreshold || n < 2 ? 1 : Math.min(n, CHUNKS);
  }

  public static int from(int n, int chunks, int k) {
    return (int) ((long) n * k / chunks);
  }
}
