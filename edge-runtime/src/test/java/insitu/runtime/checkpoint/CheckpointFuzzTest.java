package insitu.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.BoardCounters;
import insitu.numeric.random.GaussianSource;
import insitu.runtime.train.TrainerState;
import insitu.testing.ByteMutations;
import insitu.testing.Fuzz;
import insitu.testing.ZipBytes;
import insitu.testing.HangGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoints: the zip's bytes, and the trainer state sealed again with correct digests
 * (so its decoder is reached with lying lengths), entries that inflate past what the zip directory
 * says. Each reads to a checkpoint or is refused with one line; none allocates what a length
 * field claims.
 */
@HangGuard
class CheckpointFuzzTest {
  private static final int BYTE_CASES = 200, STATE_CASES = 200;
  @TempDir Path dir;
  private byte[] valid;

  @BeforeEach
  void writeAValidCheckpoint() throws IOException {
    int[] order = new int[64];
    for (int i = 0; i < order.length; i++) order[i] = 63 - i;
    TrainerState s = new TrainerState(new TrainerState.Epoch(2, order, 3, 7, 1.25, new BoardCounters(1, 2, 3, 4, 5), 0.5),
        new GaussianSource.State(42, 0.5, true), Map.of("w", new double[][] {{1, 2}, {3}}), Map.of("w", new double[] {0.1}),
        Map.of("b", new double[] {-1}), Map.of("w", new double[][] {{1.6, 1.7}}), Map.of("w", new double[] {0.25, -0.5}));
    Path p = new CheckpointStore(dir.resolve("run")).write(new Checkpoint(5, "{\"step\":5}", new byte[300], s, new byte[500]));
    valid = Files.readAllBytes(p);
  }

  private Path write(byte[] bytes) throws IOException {
    Path f = dir.resolve("ckpt-000000001.zip");
    Files.write(f, bytes);
    return f;
  }

  @Test
  void damagedCheckpointFilesReadOrAreRefusedInOneLine() throws IOException {
    for (int k = 0; k < BYTE_CASES; k++) {
      Path f = write(ByteMutations.mutate(valid, Fuzz.random(21, k)));
      Fuzz.loadsOrRefuses("byte case " + k, () -> CheckpointStore.read(f), IOException.class);
    }
  }

  @Test
  void damagedTrainerStatesWithCorrectDigestsReadOrAreRefusedInOneLine() throws IOException {
    Map<String, byte[]> entries = ZipBytes.entries(valid);
    int refused = 0;
    for (int k = 0; k < STATE_CASES; k++) {
      Map<String, byte[]> copy = new LinkedHashMap<>(entries);
      copy.put("trainer.bin", ByteMutations.mutate(entries.get("trainer.bin"), Fuzz.random(22, k)));
      Path f = write(ZipBytes.zip(seal(copy)));
      if (Fuzz.loadsOrRefuses("state case " + k, () -> CheckpointStore.read(f), IOException.class).isEmpty()) refused++;
    }
    assertTrue(refused > STATE_CASES / 2, "most damaged states are found: " + refused);
  }

  /** board.bin says 64 bytes in the zip directory and inflates to 64 MB: refused while inflating, before its digest. */
  @Test
  void anEntryInflatingBeyondItsDirectorySizeIsRefused() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>(ZipBytes.entries(valid));
    entries.put("board.bin", new byte[64 << 20]);
    Path f = write(ZipBytes.lieAboutSize(ZipBytes.zip(seal(entries)), "board.bin", 64));
    IOException e = assertThrows(IOException.class, () -> CheckpointStore.read(f));
    assertTrue(e.getMessage().contains("inflates to more than"), e.getMessage());
  }

  @Test
  void aDigestListNamingEntriesTwiceOrUnknownOnesIsRefused() throws IOException {
    Map<String, byte[]> entries = ZipBytes.entries(valid);
    String list = new String(entries.get("digests.txt"), StandardCharsets.UTF_8);
    for (String forged : List.of(list + list, list + "0  ../../etc/passwd\n", list.repeat(200))) {
      Map<String, byte[]> copy = new LinkedHashMap<>(entries);
      byte[] d = forged.getBytes(StandardCharsets.UTF_8);
      copy.put("digests.txt", d);
      copy.put("digests.sha256", CheckpointStore.sha256(d).getBytes(StandardCharsets.UTF_8));
      Path f = write(ZipBytes.zip(copy));
      assertTrue(Fuzz.loadsOrRefuses("forged list", () -> CheckpointStore.read(f), IOException.class).isEmpty());
    }
  }

  /** The entries with their digest list and its digest recomputed. */
  private static Map<String, byte[]> seal(Map<String, byte[]> entries) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    StringBuilder digests = new StringBuilder();
    for (String name : List.of("run.json", "model.xbar", "trainer.bin", "board.bin")) {
      if (!entries.containsKey(name)) continue;
      out.put(name, entries.get(name));
      digests.append(CheckpointStore.sha256(entries.get(name))).append("  ").append(name).append('\n');
    }
    byte[] d = digests.toString().getBytes(StandardCharsets.UTF_8);
    out.put("digests.txt", d);
    out.put("digests.sha256", CheckpointStore.sha256(d).getBytes(StandardCharsets.UTF_8));
    return out;
  }
}
