package insitu.numeric.parallel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The team runs every chunk exactly once, whoever calls, and reports failures to the caller. */
class CoreTeamTest {
  @Test
  void everyChunkRunsOnceInEveryRegion() {
    for (int size : new int[] {1, 2, 3}) {
      CoreTeam team = new CoreTeam(size);
      for (int region = 0; region < 2000; region++) {
        int chunks = 1 + region % 11;
        AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
        team.run(chunks, runs::incrementAndGet);
        for (int k = 0; k < chunks; k++) assertEquals(1, runs.get(k), "team of " + size + ", region " + region + ", chunk " + k);
      }
    }
  }

  @Test
  void aFailingChunkReachesTheCallerAndTheTeamCarriesOn() {
    CoreTeam team = new CoreTeam(2);
    IllegalArgumentException boom = new IllegalArgumentException("chunk 5 failed");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> team.run(8, k -> {
      if (k == 5) throw boom;
    }));
    assertSame(boom, e);
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    team.run(8, runs::incrementAndGet);
    for (int k = 0; k < 8; k++) assertEquals(1, runs.get(k));
  }

  @Test
  void nestedRegionsAndConcurrentCallersComplete() throws Exception {
    CoreTeam team = new CoreTeam(2);
    long[] sums = new long[4];
    Thread[] callers = new Thread[4];
    for (int c = 0; c < callers.length; c++) {
      int id = c;
      callers[c] = new Thread(() -> {
        for (int region = 0; region < 300; region++) {
          AtomicIntegerArray inner = new AtomicIntegerArray(8 * 8);
          // Each chunk opens a region of its own: it runs on the calling thread, in order.
          team.run(8, k -> team.run(8, q -> inner.incrementAndGet(k * 8 + q)));
          for (int i = 0; i < 64; i++) sums[id] += inner.get(i);
        }
      });
      callers[c].start();
    }
    for (Thread t : callers) t.join(60_000);
    for (long s : sums) assertEquals(300L * 64, s);
  }
}
