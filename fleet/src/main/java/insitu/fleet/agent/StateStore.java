package insitu.fleet.agent;

import insitu.io.AtomicFiles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.compiler.artifact.Sha256;
import insitu.errors.BadInputException;
import insitu.fleet.wire.Envelope;
import insitu.fleet.wire.RoundResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * A device's state on disk, so a restart (even after SIGKILL) comes back on the model it had.
 * Files are named by their SHA-256 and {@code state.json} names the ones in use; it is written last
 * and atomically, so it is the one commit point: a crash before it leaves the previous state whole.
 *
 * <pre>
 * state.json               {"artifact_sha256", "rollout", "answered_round", "learned_sha256"}
 * artifacts/SHA.xbar       the artifact as received and verified
 * learned/SHA.xbar         the model as the board computes it (read back after adapting or fine-tuning)
 * calibration.json         the board's self-test
 * result.msg               the last round result, republished after reconnects
 * </pre>
 */
final class StateStore {
  /** What state.json holds; {@link #EMPTY} before the first deployment. */
  record Saved(String artifactSha256, long rollout, long answeredRound, String learnedSha256) {
    static final Saved EMPTY = new Saved(null, -1, 0, null);

    Saved withAnsweredRound(long round, String learned) {
      return new Saved(artifactSha256, rollout, round, learned);
    }

    Saved withRollout(long r) {
      return new Saved(artifactSha256, r, answeredRound, learnedSha256);
    }
  }

  private final Path dir;

  StateStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BadInputException(dir + ": cannot create the device state directory: " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  Path calibration() {
    return dir.resolve("calibration.json");
  }

  Path artifact(String sha) {
    return dir.resolve("artifacts").resolve(sha + ".xbar");
  }

  Path learned(String sha) {
    return dir.resolve("learned").resolve(sha + ".xbar");
  }

  /**
   * Writes a received artifact under its digest (checked against the bytes by the message), where
   * the reader checks it; until state.json names it, the next commit removes it.
   */
  Path stage(byte[] artifact, String sha) throws IOException {
    Path p = artifact(sha);
    AtomicFiles.write(p, artifact);
    return p;
  }

  /** Removes a staged artifact that was refused. */
  void discard(String sha) {
    try {
      Files.deleteIfExists(artifact(sha));
    } catch (IOException e) {
      Logger.debug("cannot remove the refused artifact {}: {}", artifact(sha), e.getMessage());
    }
  }

  /**
   * The saved state that describes a model loaded from this store's files (a served state resumed
   * with it), going by the file: {@code saved} when the model is its artifact or learned model;
   * when it is another artifact of this store (state.json was not written after it went on), that
   * artifact with {@code saved}'s rollout, so the group's deployment of it only moves the id;
   * {@link Saved#EMPTY} for a model that did not come from the fleet.
   */
  Saved describing(String modelName, Saved saved) {
    Path p;
    try {
      p = Path.of(modelName);
    } catch (java.nio.file.InvalidPathException e) {
      return Saved.EMPTY;
    }
    String file = p.getFileName() == null ? "" : p.getFileName().toString();
    String folder = p.getParent() == null || p.getParent().getFileName() == null ? "" : p.getParent().getFileName().toString();
    if (!file.matches("[0-9a-f]{64}\\.xbar")) return Saved.EMPTY;
    String sha = file.substring(0, 64);
    if (folder.equals("learned")) return sha.equals(saved.learnedSha256()) ? saved : Saved.EMPTY;
    if (!folder.equals("artifacts")) return Saved.EMPTY;
    if (sha.equals(saved.artifactSha256())) return saved;
    return new Saved(sha, saved.rollout(), saved.answeredRound(), null);
  }

  /** Keeps a learned model written to {@code tmp}; returns its digest. */
  String keepLearned(Path tmp) throws IOException {
    String sha = Sha256.hex(Files.readAllBytes(tmp));
    AtomicFiles.commit(tmp, learned(sha));
    return sha;
  }

  Path scratch() {
    return dir.resolve("scratch.xbar");
  }

  /** The saved state, or {@link Saved#EMPTY} when there is none or it cannot be read (the device then starts fresh). */
  Saved load() {
    Path f = dir.resolve("state.json");
    if (!Files.isRegularFile(f)) return Saved.EMPTY;
    try {
      JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
      String learned = o.has("learned_sha256") && !o.get("learned_sha256").isJsonNull() ? o.get("learned_sha256").getAsString() : null;
      Saved s = new Saved(o.get("artifact_sha256").getAsString(), o.get("rollout").getAsLong(), o.get("answered_round").getAsLong(), learned);
      if (learned == null || !Files.isRegularFile(learned(learned))) throw new IOException("its learned model is missing");
      return s;
    } catch (IOException | RuntimeException e) {
      Logger.warn("{}: cannot use the saved device state ({}); starting without it", f, e.getMessage());
      return Saved.EMPTY;
    }
  }

  /** Makes {@code s} the state, then removes files it no longer names. */
  void commit(Saved s) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("format", "insitu-fleet-device");
    o.addProperty("version", 1);
    o.addProperty("artifact_sha256", s.artifactSha256());
    o.addProperty("rollout", s.rollout());
    o.addProperty("answered_round", s.answeredRound());
    o.addProperty("learned_sha256", s.learnedSha256());
    AtomicFiles.write(dir.resolve("state.json"), (o + "\n").getBytes(StandardCharsets.UTF_8));
    prune(dir.resolve("artifacts"), s.artifactSha256());
    prune(dir.resolve("learned"), s.learnedSha256());
  }

  private static void prune(Path folder, String keep) throws IOException {
    if (!Files.isDirectory(folder)) return;
    Set<String> names = Set.of(keep + ".xbar");
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) if (!names.contains(p.getFileName().toString())) Files.deleteIfExists(p);
    }
  }

  void saveResult(RoundResult r) throws IOException {
    AtomicFiles.write(dir.resolve("result.msg"), r.toEnvelope().encode());
  }

  RoundResult loadResult() {
    Path f = dir.resolve("result.msg");
    if (!Files.isRegularFile(f)) return null;
    try {
      return RoundResult.from(Envelope.decode(Files.readAllBytes(f)));
    } catch (IOException | RuntimeException e) {
      Logger.warn("{}: cannot read the last round result ({}); it will not be republished", f, e.getMessage());
      return null;
    }
  }
}
