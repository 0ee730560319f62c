package insitu.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BadInputException;
import insitu.numeric.random.GaussianSource;
import insitu.runtime.train.TrainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint that cannot be renamed into place fails cleanly: the older ones stay, no temporary file does. */
class CheckpointRenameFailureTest {
  @TempDir Path dir;

  private static Checkpoint checkpoint(long step) {
    TrainerState s = new TrainerState(null, new GaussianSource.State(1, 0, false), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    return new Checkpoint(step, "{}", new byte[] {1}, s, null);
  }

  @Test
  void aFailedRenameLeavesNoTemporaryFile() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.write(checkpoint(1));
    // A non-empty directory where checkpoint 2 should go: the rename onto it fails.
    Files.createDirectories(dir.resolve("ckpt-000000002.zip").resolve("in-the-way"));
    assertThrows(BadInputException.class, () -> store.write(checkpoint(2)));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
    assertEquals(1, store.loadLatest().step(), "the older checkpoint is still there and valid");
  }
}
