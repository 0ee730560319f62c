package insitu.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardCounters;
import insitu.numeric.random.GaussianSource;
import insitu.errors.BadInputException;
import insitu.runtime.train.TrainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  private static Checkpoint checkpoint(long step) {
    TrainerState s = new TrainerState(
        new TrainerState.Epoch(2, new int[] {3, 1, 2, 0}, 1, 7, 1.25, new BoardCounters(1, 2, 3, 4, 5), 0.5),
        new GaussianSource.State(42, 0.5, true), Map.of("w", new double[][] {{1, 2}, {3}}), Map.of("w", new double[] {0.1}),
        Map.of("b", new double[] {-1}), Map.of("w", new double[][] {{1.6, 1.7}}), Map.of("w", new double[] {0.25, -0.5}));
    return new Checkpoint(step, "{\"step\":" + step + "}", new byte[] {1, 2, 3}, s, new byte[] {9, 9});
  }

  @Test
  void roundTripsEveryField() throws Exception {
    Path p = new CheckpointStore(dir).write(checkpoint(5));
    Checkpoint c = CheckpointStore.read(p);
    assertEquals(5, c.step());
    assertEquals("{\"step\":5}", c.runJson());
    assertArrayEquals(new byte[] {1, 2, 3}, c.artifact());
    assertArrayEquals(new byte[] {9, 9}, c.boardState());
    TrainerState s = c.trainer();
    assertArrayEquals(new int[] {3, 1, 2, 0}, s.epoch().order());
    assertEquals(new BoardCounters(1, 2, 3, 4, 5), s.epoch().start());
    assertEquals(new GaussianSource.State(42, 0.5, true), s.shuffler());
    assertArrayEquals(new double[] {3}, s.optimizer().get("w")[1]);
    assertArrayEquals(new double[] {0.25, -0.5}, s.weightsRead().get("w"));
  }

  @Test
  void keepsTheTwoNewest() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    for (long s = 1; s <= 4; s++) store.write(checkpoint(s));
    assertEquals(2, store.list().size());
    assertEquals(4, store.loadLatest().step());
  }

  @Test
  void aDamagedNewestCheckpointIsRefusedAndThePreviousOneUsed() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.write(checkpoint(1));
    Path newest = store.write(checkpoint(2));
    byte[] b = Files.readAllBytes(newest);
    b[b.length / 2] ^= 0x5a; // flip a byte inside an entry
    Files.write(newest, b);
    assertEquals(1, store.loadLatest().step());
    Files.write(newest, java.util.Arrays.copyOf(b, b.length / 3)); // torn write
    assertEquals(1, store.loadLatest().step());
  }

  @Test
  void leftoverTemporaryFilesAreIgnored() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.write(checkpoint(1));
    Files.write(dir.resolve("ckpt-000000009.zip.tmp"), new byte[] {1, 2});
    assertEquals(1, store.loadLatest().step());
  }

  @Test
  void noValidCheckpointIsAClearError() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    assertThrows(BadInputException.class, store::loadLatest);
    Files.writeString(dir.resolve("ckpt-000000001.zip"), "garbage");
    BadInputException e = assertThrows(BadInputException.class, store::loadLatest);
    assertTrue(e.getMessage().contains("ckpt-000000001.zip"), e.getMessage());
  }
}
