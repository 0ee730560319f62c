package insitu.numeric.parallel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The team runs every chunk exactly once, whoever calls, reports failures, parks when idle and stops on close. */
class WorkersTest {
  @Test
  void everyChunkRunsOnceInEveryRegion() {
    for (int size : new int[] {1, 2, 3}) {
      try (Workers team = new Workers(size)) {
        for (int region = 0; region < 2000; region++) {
          int chunks = 1 + region % 11;
          AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
          team.forEach(chunks, runs::incrementAndGet);
          for (int k = 0; k < chunks; k++) assertEquals(1, runs.get(k), "team of " + size + ", region " + region + ", chunk " + k);
        }
      }
    }
  }

  @Test
  void chunkBoundariesDependOnlyOnTheWork() {
    for (int n : new int[] {1, 2, 15, 16, 17, 1000})
      for (Workers w : new Workers[] {Workers.sequential(), new Workers(2), new Workers(5)}) {
        try (w) {
          int chunks = Workers.chunks(n, 1_000_000, 1000);
          int[][] ranges = new int[chunks][];
          w.run(n, 1_000_000, 1000, (chunk, from, to) -> ranges[chunk] = new int[] {from, to});
          assertEquals(Math.min(n, Workers.CHUNKS), n < 2 ? 1 : chunks);
          for (int k = 0; k < chunks; k++)
            assertArrayEquals(new int[] {(int) ((long) n * k / chunks), (int) ((long) n * (k + 1) / chunks)}, ranges[k], "n " + n + " chunk " + k);
        }
      }
  }

  @Test
  void aFailingChunkReachesTheCallerAndTheTeamCarriesOn() {
    try (Workers team = new Workers(2)) {
      IllegalArgumentException boom = new IllegalArgumentException("chunk 5 failed");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> team.forEach(8, k -> {
        if (k == 5) throw boom;
      }));
      assertSame(boom, e);
      AtomicIntegerArray runs = new AtomicIntegerArray(8);
      team.forEach(8, runs::incrementAndGet);
      for (int k = 0; k < 8; k++) assertEquals(1, runs.get(k));
    }
  }

  @Test
  void nestedRegionsAndConcurrentCallersComplete() throws Exception {
    try (Workers team = new Workers(2)) {
      long[] sums = new long[4];
      Thread[] callers = new Thread[4];
      for (int c = 0; c < callers.length; c++) {
        int id = c;
        callers[c] = new Thread(() -> {
          for (int region = 0; region < 300; region++) {
            AtomicIntegerArray inner = new AtomicIntegerArray(8 * 8);
            // Each chunk opens a region of its own: it runs on the calling thread, in order.
            team.forEach(8, k -> team.forEach(8, q -> inner.incrementAndGet(k * 8 + q)));
            for (int i = 0; i < 64; i++) sums[id] += inner.get(i);
          }
        });
        callers[c].start();
      }
      for (Thread t : callers) t.join(60_000);
      for (long s : sums) assertEquals(300L * 64, s);
    }
  }

  @Test
  @Timeout(120) // a guard only: the workers park within a millisecond of the region's end
  void threadsStartOnFirstUseParkWhenIdleAndStopOnClose() throws InterruptedException {
    Workers team = new Workers(3);
    assertEquals(List.of(), threadsOf(team), "nothing started before the first region");
    team.forEach(8, k -> { });
    List<Thread> threads = threadsOf(team);
    assertEquals(2, threads.size(), "the caller is the third member");
    // Idle workers park after a short spin: wait (on no clock of ours) until both are parked.
    while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) Thread.sleep(1);
    team.close();
    for (Thread t : threads) assertFalse(t.isAlive(), t.getName() + " stopped");
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    team.forEach(8, runs::incrementAndGet); // closed: on the caller
    for (int k = 0; k < 8; k++) assertEquals(1, runs.get(k));
    assertEquals(List.of(), threadsOf(team), "a closed team starts nothing");
  }

  @Test
  void sequentialWorkersStartNoThread() {
    Workers w = Workers.sequential();
    w.forEach(16, k -> assertFalse(Thread.currentThread() instanceof Worker));
    assertEquals(List.of(), threadsOf(w));
  }

  private static List<Thread> threadsOf(Workers team) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t instanceof Worker w && w.isAlive() && w.owner() == team).toList();
  }
}
