package insitu.compiler.artifact;

import static insitu.compiler.artifact.JsonFields.integer;
import static insitu.compiler.artifact.JsonFields.obj;
import static insitu.compiler.artifact.JsonFields.optStr;
import static insitu.compiler.artifact.JsonFields.str;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.compiler.mapping.Placement;
import insitu.errors.BadInputException;
import insitu.io.BoundedZipEntries;
import insitu.io.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads and validates a {@code .xbar} artifact. Checks, in order: the zip structure, the manifest
 * digest, the signature (when a public key is required), the format and version, every blob's
 * size and SHA-256, that no unlisted entry is present, the tensor shapes, and the consistency of
 * graph, placement and target. Any failure is a {@link BadInputException} with one line naming
 * the file and what is wrong.
 */
public final class ArtifactReader {
  /** The manifest lists tiles row by row; 64 MiB holds a placement of millions of weights. */
  private static final long MAX_MANIFEST_BYTES = 64L << 20;
  /** The manifest digest (64 hex digits) and the signature (64 bytes), with room for line ends. */
  private static final long MAX_SMALL_ENTRY_BYTES = 1024;

  private ArtifactReader() {}

  /** Reads an artifact; a signature, if present, is not checked. */
  public static Artifact read(Path file) {
    return read(file, null);
  }

  /**
   * Reads an artifact. With a {@code requiredKey}, an artifact that is unsigned, or whose
   * signature does not verify under that key, is refused.
   */
  public static Artifact read(Path file, PublicKey requiredKey) {
    return withZip(file, zip -> read(file, zip, requiredKey));
  }

  /**
   * What an artifact says about its model (input range, metadata), from its manifest alone: the
   * manifest's digest is checked, no weight blob is read.
   */
  public static ModelNotes notes(Path file) {
    return withZip(file, zip -> {
      byte[] manifestBytes = entryBytes(file, zip, ArtifactFormat.MANIFEST, true, MAX_MANIFEST_BYTES);
      checkDigest(file, zip, manifestBytes);
      try {
        return NotesCodec.decode(json(file, manifestBytes));
      } catch (BadInputException e) {
        throw e;
      } catch (RuntimeException e) {
        throw bad(file, ArtifactFormat.MANIFEST + ": " + e.getMessage());
      }
    });
  }

  /** What is read from an open artifact. */
  @FunctionalInterface
  private interface ZipRead<T> {
    T from(ZipFile zip) throws IOException;
  }

  private static <T> T withZip(Path file, ZipRead<T> what) {
    InputFiles.requireRegularFile(file, "a .xbar artifact");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return what.from(zip);
    } catch (ZipException e) {
      throw bad(file, "not a valid .xbar artifact (truncated or not a zip file: " + e.getMessage() + ")");
    } catch (NoSuchFileException e) {
      throw bad(file, "no such file");
    } catch (IOException e) {
      throw bad(file, "cannot read: " + e.getMessage());
    }
  }

  private static Artifact read(Path file, ZipFile zip, PublicKey requiredKey) {
    byte[] manifestBytes = entryBytes(file, zip, ArtifactFormat.MANIFEST, true, MAX_MANIFEST_BYTES);
    String manifestDigest = checkDigest(file, zip, manifestBytes);
    byte[] signature = zip.getEntry(ArtifactFormat.SIGNATURE) == null ? null : entryBytes(file, zip, ArtifactFormat.SIGNATURE, true, MAX_SMALL_ENTRY_BYTES);
    boolean verified = false;
    if (requiredKey != null) {
      if (signature == null) throw bad(file, "artifact is not signed, but this runtime requires a signature (verification key configured)");
      if (!verifies(requiredKey, manifestDigest, signature))
        throw bad(file, "signature does not verify: the artifact was modified or signed with another key");
      verified = true;
    }

    JsonObject m = json(file, manifestBytes);
    try {
      String format = str(m, "format");
      if (!format.equals(ArtifactFormat.FORMAT)) throw bad(file, "not an insitu artifact (format '" + format + "')");
      int version = integer(m, "formatVersion");
      if (version != ArtifactFormat.VERSION)
        throw bad(file, "unsupported .xbar format version " + version + " (this insitu reads version " + ArtifactFormat.VERSION
            + "); recompile the model with this version of insitu");
      Map<String, Long> sizes = new LinkedHashMap<>();
      Map<String, String> digests = checkEntries(file, zip, obj(m, "entries"), sizes);
      JsonObject graphJson = obj(m, "graph");
      Map<String, Tensor> inits = new LinkedHashMap<>();
      Set<String> backing = new HashSet<>();
      for (GraphCodec.InitializerRef ref : GraphCodec.initializers(graphJson)) {
        if (!digests.containsKey(ref.entry())) throw bad(file, "initializer '" + ref.name() + "' names entry " + ref.entry() + ", which is not listed");
        // One entry per initializer: a manifest naming one entry a million times must not make the reader inflate it a million times.
        if (!backing.add(ref.entry()) || inits.containsKey(ref.name()))
          throw bad(file, "initializer '" + ref.name() + "' or its entry " + ref.entry() + " is listed twice");
        inits.put(ref.name(), tensor(file, zip, ref, sizes.get(ref.entry())));
      }
      Graph graph = GraphCodec.decode(graphJson, inits);
      Placement placement = PlacementCodec.decode(obj(m, "placement"));
      BoardSpec target = TargetCodec.decode(obj(m, "target"));
      try {
        ArtifactChecks.check(graph, placement, target);
      } catch (IllegalArgumentException e) {
        throw bad(file, "inconsistent artifact: " + e.getMessage());
      }
      String source = optStr(obj(m, "sourceModel"), "sha256");
      return new Artifact(graph, placement, new Manifest(version, str(m, "compilerVersion"), source, target, digests, manifestDigest,
          signature != null, verified, NotesCodec.decode(m)));
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) {
      // Field errors, and records that reject their arguments (a Conv with 3 pads, a negative tile row count).
      throw bad(file, ArtifactFormat.MANIFEST + ": " + e.getMessage());
    }
  }

  /** Checks the manifest against its recorded SHA-256; returns the digest. */
  private static String checkDigest(Path file, ZipFile zip, byte[] manifestBytes) {
    byte[] digestBytes = entryBytes(file, zip, ArtifactFormat.MANIFEST_DIGEST, true, MAX_SMALL_ENTRY_BYTES);
    String manifestDigest = Sha256.hex(manifestBytes);
    if (!new String(digestBytes, StandardCharsets.US_ASCII).strip().equals(manifestDigest))
      throw bad(file, ArtifactFormat.MANIFEST + " is corrupt (its SHA-256 does not match " + ArtifactFormat.MANIFEST_DIGEST + ")");
    return manifestDigest;
  }

  private static JsonObject json(Path file, byte[] manifestBytes) {
    try {
      JsonElement e = JsonParser.parseString(new String(manifestBytes, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) throw bad(file, ArtifactFormat.MANIFEST + " is not a JSON object");
      return e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw bad(file, ArtifactFormat.MANIFEST + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Checks the size and digest of every listed entry, and that nothing unlisted is present. */
  private static Map<String, String> checkEntries(Path file, ZipFile zip, JsonObject entries, Map<String, Long> sizes) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String name : entries.keySet()) {
      JsonObject d = obj(entries, name);
      String want = str(d, "sha256");
      long size = JsonFields.longValue(d, "bytes");
      if (size < 0) throw bad(file, "entry " + name + " has a negative size in the manifest");
      if (zip.getEntry(name) == null) throw bad(file, "entry " + name + " is missing");
      // Streamed: the digest is checked without holding the entry, inflating no further than the manifest says.
      String got;
      try {
        got = BoundedZipEntries.sha256(zip, name, size, ArtifactFormat.MAX_ENTRY_BYTES);
      } catch (IOException e) {
        throw corrupt(file, name, e);
      }
      if (!got.equals(want)) throw bad(file, "entry " + name + " is corrupt (SHA-256 mismatch)");
      digests.put(name, want);
      sizes.put(name, size);
    }
    Set<String> allowed = new HashSet<>(List.of(ArtifactFormat.MANIFEST, ArtifactFormat.MANIFEST_DIGEST, ArtifactFormat.SIGNATURE));
    allowed.addAll(digests.keySet());
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      String name = en.nextElement().getName();
      if (!allowed.contains(name)) throw bad(file, "unexpected entry " + name + " (not listed in the manifest)");
    }
    return digests;
  }

  private static Tensor tensor(Path file, ZipFile zip, GraphCodec.InitializerRef ref, long declaredBytes) {
    long most = ArtifactFormat.MAX_ENTRY_BYTES / Double.BYTES, n = 1;
    for (int d : ref.shape()) n = d == 0 || n == 0 ? 0 : n > most / d ? most + 1 : n * d; // stays just past the bound once there
    if (n > most || n * Double.BYTES != declaredBytes)
      throw bad(file, "entry " + ref.entry() + " holds " + declaredBytes + " bytes but initializer '" + ref.name() + "' of shape "
          + (ref.shape().length > 8 ? "of rank " + ref.shape().length : java.util.Arrays.toString(ref.shape())) + " needs "
          + (n > most ? "more than " + ArtifactFormat.MAX_ENTRY_BYTES : n * Double.BYTES));
    byte[] data = entryBytes(file, zip, ref.entry(), declaredBytes);
    double[] v = new double[(int) n];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
    return new Tensor(ref.shape(), v);
  }

  /** A listed entry, whose size the manifest declares. */
  private static byte[] entryBytes(Path file, ZipFile zip, String name, long declaredBytes) {
    try {
      return BoundedZipEntries.read(zip, name, declaredBytes, ArtifactFormat.MAX_ENTRY_BYTES).bytes();
    } catch (IOException e) {
      throw corrupt(file, name, e);
    }
  }

  /** One of the artifact's own entries (manifest, digest, signature), of at most {@code maxBytes}. */
  private static byte[] entryBytes(Path file, ZipFile zip, String name, boolean required, long maxBytes) {
    if (zip.getEntry(name) == null) throw bad(file, "entry " + name + " is missing" + (required ? " (not a complete .xbar artifact)" : ""));
    try {
      return BoundedZipEntries.read(zip, name, -1, maxBytes).bytes();
    } catch (IOException e) {
      throw corrupt(file, name, e);
    }
  }

  /** ZipFile checks nothing as it inflates, so a flipped byte or a lying header usually lands here. */
  private static BadInputException corrupt(Path file, String name, IOException e) {
    if (e instanceof BoundedZipEntries.EntryException) return bad(file, e.getMessage());
    return bad(file, "entry " + name + " is corrupt (" + e.getMessage() + ")");
  }

  private static boolean verifies(PublicKey key, String manifestDigest, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(ArtifactFormat.signedMessage(manifestDigest));
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static BadInputException bad(Path file, String what) {
    return new BadInputException(file + ": " + what);
  }
}
