package insitu.runtime.checkpoint;

import insitu.io.AtomicFiles;
import insitu.errors.BadInputException;
import insitu.io.BoundedZipEntries;
import insitu.io.InputFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.tinylog.Logger;

/**
 * Checkpoints of a run in one directory, as {@code ckpt-<step>.zip}. A checkpoint is written to a
 * temporary file, fsynced, renamed into place and the directory fsynced, so a crash at any moment
 * leaves either the old or the new checkpoint, never half of one. Each entry's SHA-256 is listed
 * in {@code digests.txt}, itself digested; a checkpoint that fails any check is refused and the
 * previous one is used. The two newest checkpoints are kept.
 */
public final class CheckpointStore {
  private static final String PREFIX = "ckpt-", SUFFIX = ".zip";
  private static final int KEEP = 2;
  private static final String RUN = "run.json", MODEL = "model.xbar", TRAINER = "trainer.bin", BOARD = "board.bin",
      DIGESTS = "digests.txt", DIGESTS_SHA = "digests.sha256";
  /** The entries a digest list may name. */
  private static final java.util.Set<String> LISTED = java.util.Set.of(RUN, MODEL, TRAINER, BOARD);
  /** Four lines of digest and name. */
  private static final long MAX_DIGEST_LIST_BYTES = 4096;
  /** Largest entry (a board's state, the model): what one Java array can hold. */
  private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;
  private final Path dir;

  public CheckpointStore(Path dir) {
    this.dir = dir;
  }

  public Path directory() {
    return dir;
  }

  /** Writes a checkpoint atomically and prunes older ones. */
  public Path write(Checkpoint c) {
    try {
      Files.createDirectories(dir);
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put(RUN, c.runJson().getBytes(StandardCharsets.UTF_8));
      entries.put(MODEL, c.artifact());
      ByteArrayOutputStream t = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(t)) {
        out.writeLong(c.step());
        TrainerStateCodec.write(c.trainer(), out);
      }
      entries.put(TRAINER, t.toByteArray());
      if (c.boardState() != null) entries.put(BOARD, c.boardState());
      StringBuilder digests = new StringBuilder();
      for (var e : entries.entrySet()) digests.append(sha256(e.getValue())).append("  ").append(e.getKey()).append('\n');
      byte[] digestBytes = digests.toString().getBytes(StandardCharsets.UTF_8);
      entries.put(DIGESTS, digestBytes);
      entries.put(DIGESTS_SHA, sha256(digestBytes).getBytes(StandardCharsets.UTF_8));

      Path target = dir.resolve(String.format("%s%09d%s", PREFIX, c.step(), SUFFIX));
      AtomicFiles.write(target, out -> {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (var e : entries.entrySet()) {
          zip.putNextEntry(stored(e.getKey(), e.getValue()));
          zip.write(e.getValue());
          zip.closeEntry();
        }
        zip.finish();
      });
      prune();
      return target;
    } catch (IOException e) {
      throw new BadInputException("cannot write a checkpoint in " + dir + ": " + e.getMessage(), e);
    }
  }


  /**
   * An entry kept as it is: deflating saves a fifth of a checkpoint (conductances and optimizer
   * state are dense doubles) and cost more than writing it whole.
   */
  private static ZipEntry stored(String name, byte[] data) {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    return e;
  }

  private void prune() throws IOException {
    List<Path> all = list();
    for (int i = KEEP; i < all.size(); i++) Files.deleteIfExists(all.get(i));
  }

  /** Checkpoint files, newest first (leftover temporary files are ignored). */
  public List<Path> list() throws IOException {
    List<Path> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) return all;
    try (var s = Files.list(dir)) {
      s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
      }).forEach(all::add);
    }
    all.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
    return all;
  }

  /**
   * The newest checkpoint that passes every check; a damaged newer one is skipped with a warning.
   *
   * @throws BadInputException when the directory holds no valid checkpoint
   */
  public Checkpoint loadLatest() {
    List<Path> all;
    try {
      all = list();
    } catch (IOException e) {
      throw new BadInputException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
    }
    if (all.isEmpty()) throw new BadInputException(dir + ": no checkpoint found (expected " + PREFIX + "*" + SUFFIX + ")");
    List<String> problems = new ArrayList<>();
    for (Path p : all) {
      try {
        Checkpoint c = read(p);
        // Warned only now: when no checkpoint is valid, the one error line says it all.
        for (String problem : problems) Logger.warn("checkpoint {} refused; resuming from {}", problem, p.getFileName());
        return c;
      } catch (IOException | RuntimeException e) {
        problems.add(p.getFileName() + " (" + e.getMessage() + ")");
      }
    }
    throw new BadInputException(dir + ": no valid checkpoint: " + String.join("; ", problems));
  }

  /**
   * Reads and verifies one checkpoint file. The digest list is read first; each entry it lists is
   * then streamed, its digest computed on the way and compared before anything is decoded, and no
   * entry inflates past what the zip directory declares.
   */
  public static Checkpoint read(Path file) throws IOException {
    InputFiles.requireRegularFile(file, "a checkpoint (" + PREFIX + "N" + SUFFIX + ")");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.getEntry(DIGESTS) == null || zip.getEntry(DIGESTS_SHA) == null) throw new IOException("incomplete checkpoint (no digest list)");
      byte[] digests = BoundedZipEntries.read(zip, DIGESTS, -1, MAX_DIGEST_LIST_BYTES).bytes();
      byte[] digestsSha = BoundedZipEntries.read(zip, DIGESTS_SHA, -1, MAX_DIGEST_LIST_BYTES).bytes();
      if (!sha256(digests).equals(new String(digestsSha, StandardCharsets.UTF_8).strip()))
        throw new IOException("digest list does not match its digest");
      for (String line : new String(digests, StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) continue;
        String[] parts = line.split("  ", 2);
        if (parts.length != 2 || !LISTED.contains(parts[1]) || entries.containsKey(parts[1]))
          throw new IOException("digest list names an unexpected entry");
        if (zip.getEntry(parts[1]) == null) throw new IOException("entry " + parts[1] + " is missing");
        BoundedZipEntries.Entry e = BoundedZipEntries.read(zip, parts[1], -1, MAX_ENTRY_BYTES);
        if (!e.sha256().equals(parts[0])) throw new IOException("entry " + parts[1] + " does not match its digest");
        entries.put(parts[1], e.bytes());
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException("not a readable checkpoint (" + e.getMessage() + ")");
    }
    for (String required : new String[] {RUN, MODEL, TRAINER})
      if (!entries.containsKey(required)) throw new IOException("entry " + required + " is missing");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entries.get(TRAINER)))) {
      long step = in.readLong();
      return new Checkpoint(step, new String(entries.get(RUN), StandardCharsets.UTF_8), entries.get(MODEL),
          TrainerStateCodec.read(in), entries.get(BOARD));
    } catch (java.io.EOFException e) {
      throw new IOException("entry " + TRAINER + " is truncated");
    } catch (java.io.UTFDataFormatException e) {
      throw new IOException("entry " + TRAINER + " holds a malformed name");
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
