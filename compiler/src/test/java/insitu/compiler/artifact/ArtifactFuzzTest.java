package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.boards.BoardSpec;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.errors.BadInputException;
import insitu.testing.ByteMutations;
import insitu.testing.Fuzz;
import insitu.testing.JsonMutations;
import insitu.testing.ZipBytes;
import insitu.testing.HangGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged {@code .xbar} artifacts: the file's bytes mutated, the manifest's JSON mutated and sealed
 * again with a correct digest (so the checks behind the digest are reached), entries that lie about
 * their sizes. Each loads to a consistent artifact or is refused in one line; none hangs or
 * exhausts memory.
 */
@HangGuard
class ArtifactFuzzTest {
  private static final int BYTE_CASES = 200, MANIFEST_CASES = 300, ENTRY_CASES = 100;
  @TempDir Path dir;
  private byte[] valid;

  @BeforeEach
  void writeAValidArtifact() throws IOException {
    Graph g = PaperModels.cnn(7);
    BoardSpec t = SimulatedBoard.specFor(DeviceModel.paper(), 2, 128, 64);
    Path file = dir.resolve("valid.xbar");
    ArtifactWriter.write(g, CrossbarMapper.map(g, t, MappingOptions.defaults()), t, null, file);
    valid = Files.readAllBytes(file);
  }

  private Optional<Artifact> read(String what, byte[] bytes) throws IOException {
    Path f = dir.resolve("case.xbar");
    Files.write(f, bytes);
    Optional<Artifact> a = Fuzz.loadsOrRefuses(what, () -> ArtifactReader.read(f));
    a.ifPresent(x -> assertConsistent(what, x));
    return a;
  }

  /** What every artifact that loads must be, whatever its manifest said. */
  private static void assertConsistent(String what, Artifact a) {
    a.graph().initializers().forEach((name, t) -> {
      long n = 1;
      for (int d : t.shape()) n *= d;
      assertEquals(n, t.data().length, what + ": " + name);
    });
    assertTrue(a.placement().arrays() == a.manifest().target().arrays(), what);
  }

  @Test
  void mutatedFilesLoadOrAreRefusedInOneLine() throws IOException {
    for (int k = 0; k < BYTE_CASES; k++) read("byte case " + k, ByteMutations.mutate(valid, Fuzz.random(1, k)));
  }

  @Test
  void mutatedManifestsSealedAgainLoadConsistentOrAreRefusedInOneLine() throws IOException {
    Map<String, byte[]> entries = ZipBytes.entries(valid);
    String manifest = new String(entries.get(ArtifactFormat.MANIFEST), StandardCharsets.UTF_8);
    int loaded = 0;
    for (int k = 0; k < MANIFEST_CASES; k++) {
      String m = JsonMutations.mutate(manifest, Fuzz.random(2, k));
      if (read("manifest case " + k, seal(entries, m)).isPresent()) loaded++;
    }
    assertTrue(loaded > 0 && loaded < MANIFEST_CASES, "some mutations are harmless, most are not: " + loaded);
  }

  /** Tensor entries cut short or grown, with the manifest telling the truth or the old size. */
  @Test
  void entriesOfTheWrongSizeAreRefused() throws IOException {
    Map<String, byte[]> entries = ZipBytes.entries(valid);
    JsonObject manifest = JsonParser.parseString(new String(entries.get(ArtifactFormat.MANIFEST), StandardCharsets.UTF_8)).getAsJsonObject();
    String[] tensors = manifest.getAsJsonObject("entries").keySet().toArray(new String[0]);
    for (int k = 0; k < ENTRY_CASES; k++) {
      SplittableRandom r = Fuzz.random(3, k);
      String name = tensors[r.nextInt(tensors.length)];
      byte[] data = entries.get(name);
      byte[] changed = r.nextBoolean() ? java.util.Arrays.copyOf(data, r.nextInt(data.length)) : ByteMutations.insert(data, 0, new byte[8 * (1 + r.nextInt(4))]);
      Map<String, byte[]> copy = new java.util.LinkedHashMap<>(entries);
      copy.put(name, changed);
      JsonObject m = manifest.deepCopy();
      if (r.nextBoolean()) {
        m.getAsJsonObject("entries").getAsJsonObject(name).addProperty("bytes", changed.length);
        m.getAsJsonObject("entries").getAsJsonObject(name).addProperty("sha256", Sha256.hex(changed));
      }
      assertTrue(read("entry case " + k, seal(copy, m.toString())).isEmpty(), "entry case " + k + " must be refused");
    }
  }

  /** A zip whose directory says 64 bytes for an entry that inflates to 64 MB of zeros: refused while inflating. */
  @Test
  void anEntryThatInflatesBeyondWhatItDeclaresIsRefusedWhileInflating() throws IOException {
    Map<String, byte[]> entries = ZipBytes.entries(valid);
    JsonObject manifest = JsonParser.parseString(new String(entries.get(ArtifactFormat.MANIFEST), StandardCharsets.UTF_8)).getAsJsonObject();
    String name = manifest.getAsJsonObject("entries").keySet().iterator().next();
    byte[] bomb = new byte[64 << 20];
    entries.put(name, bomb);
    manifest.getAsJsonObject("entries").getAsJsonObject(name).addProperty("bytes", 64);
    byte[] zip = ZipBytes.lieAboutSize(seal(entries, manifest.toString()), name, 64);
    Path f = dir.resolve("bomb.xbar");
    Files.write(f, zip);
    BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, () -> ArtifactReader.read(f));
    assertTrue(e.getMessage().contains("inflates to more than the 64 bytes"), e.getMessage());
  }

  @Test
  void aManifestDeclaringAPetabyteEntryIsRefusedBeforeReadingIt() throws IOException {
    Map<String, byte[]> entries = ZipBytes.entries(valid);
    JsonObject manifest = JsonParser.parseString(new String(entries.get(ArtifactFormat.MANIFEST), StandardCharsets.UTF_8)).getAsJsonObject();
    String name = manifest.getAsJsonObject("entries").keySet().iterator().next();
    manifest.getAsJsonObject("entries").getAsJsonObject(name).addProperty("bytes", 1L << 50);
    assertTrue(read("petabyte", seal(entries, manifest.toString())).isEmpty());
  }

  /** The entries with {@code manifest} in place and its digest recomputed, as a careful forger would. */
  private static byte[] seal(Map<String, byte[]> entries, String manifest) throws IOException {
    Map<String, byte[]> copy = new java.util.LinkedHashMap<>(entries);
    byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
    copy.put(ArtifactFormat.MANIFEST, m);
    copy.put(ArtifactFormat.MANIFEST_DIGEST, (Sha256.hex(m) + "\n").getBytes(StandardCharsets.US_ASCII));
    return ZipBytes.zip(copy);
  }
}
