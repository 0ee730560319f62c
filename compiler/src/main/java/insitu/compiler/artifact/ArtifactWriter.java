package insitu.compiler.artifact;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.compiler.mapping.Placement;
import insitu.errors.BadInputException;
import insitu.io.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@code .xbar} artifact: a zip of manifest.json, its digest, one float64 little-endian
 * blob per initializer and, when a key is given, an Ed25519 signature. The file appears
 * atomically (temp file, fsync, rename), so a crash never leaves half an artifact under the name.
 * Output is byte-for-byte deterministic (fixed entry times, fixed order).
 *
 * <p>Big models stream: each blob is made a chunk at a time, once to digest it for the manifest
 * and once into the zip ({@link Float64Blob}), and the manifest is written into its entry as it
 * is printed, its placement a tile at a time.
 */
public final class ArtifactWriter {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  private ArtifactWriter() {}

  /** Writes an unsigned artifact. {@code sourceModelBytes} may be null (a built-in model). */
  public static void write(Graph graph, Placement placement, BoardSpec target, byte[] sourceModelBytes, Path out) {
    write(graph, placement, target, sourceModelBytes, out, null);
  }

  /** Writes an artifact, signed with {@code signingKey} (Ed25519) unless it is null. */
  public static void write(Graph graph, Placement placement, BoardSpec target, byte[] sourceModelBytes, Path out, PrivateKey signingKey) {
    write(graph, placement, target, sourceModelBytes, out, signingKey, ModelNotes.NONE);
  }

  /** Writes an artifact with what it says about its model (input range, metadata); signed unless the key is null. */
  public static void write(Graph graph, Placement placement, BoardSpec target, byte[] sourceModelBytes, Path out, PrivateKey signingKey,
                           ModelNotes notes) {
    writeForSource(graph, placement, target, sourceModelBytes == null ? null : Sha256.hex(sourceModelBytes), out, signingKey, notes);
  }

  /**
   * Writes an artifact whose source model has this hex SHA-256 (null: a built-in model), signed
   * with {@code signingKey} (Ed25519) unless it is null.
   */
  public static void writeForSource(Graph graph, Placement placement, BoardSpec target, String sourceSha256, Path out,
                                    PrivateKey signingKey, ModelNotes notes) {
    ArtifactChecks.check(graph, placement, target);
    List<Tensor> tensors = new ArrayList<>(graph.initializers().values());
    List<Float64Blob.Summary> blobs = new ArrayList<>();
    for (Tensor t : tensors) blobs.add(Float64Blob.summarize(t));
    Signature signer = signingKey == null ? null : signer(signingKey);
    JsonObject head = head(graph, target, sourceSha256), tail = new JsonObject(), entries = entries(blobs);
    NotesCodec.encode(notes, tail);
    writeAtomically(out, z -> {
      // The manifest streams into its entry through a digest: its text is never held whole.
      MessageDigest sha = Sha256.digest();
      z.putNextEntry(entry(ArtifactFormat.MANIFEST, ZipEntry.DEFLATED));
      Writer text = new OutputStreamWriter(new DigestOutputStream(z, sha), StandardCharsets.UTF_8);
      manifest(head, placement, tail, entries, text);
      text.flush();
      z.closeEntry();
      String manifestDigest = HexFormat.of().formatHex(sha.digest());
      writeEntry(z, ArtifactFormat.MANIFEST_DIGEST, (manifestDigest + "\n").getBytes(StandardCharsets.US_ASCII));
      if (signer != null) writeEntry(z, ArtifactFormat.SIGNATURE, sign(signer, manifestDigest));
      for (int i = 0; i < tensors.size(); i++) writeBlob(z, GraphCodec.tensorEntry(i), tensors.get(i), blobs.get(i));
    });
  }

  /** The manifest's members before the placement. */
  private static JsonObject head(Graph graph, BoardSpec target, String sourceSha256) {
    JsonObject m = new JsonObject();
    m.addProperty("format", ArtifactFormat.FORMAT);
    m.addProperty("formatVersion", ArtifactFormat.VERSION);
    m.addProperty("compilerVersion", ArtifactFormat.COMPILER_VERSION);
    JsonObject source = new JsonObject();
    source.addProperty("name", graph.name());
    if (sourceSha256 != null) source.addProperty("sha256", sourceSha256);
    else source.add("sha256", com.google.gson.JsonNull.INSTANCE);
    m.add("sourceModel", source);
    m.add("target", TargetCodec.encode(target));
    m.add("graph", GraphCodec.encode(graph));
    return m;
  }

  private static JsonObject entries(List<Float64Blob.Summary> blobs) {
    JsonObject entries = new JsonObject();
    for (int i = 0; i < blobs.size(); i++) {
      JsonObject d = new JsonObject();
      d.addProperty("sha256", blobs.get(i).sha256());
      d.addProperty("bytes", blobs.get(i).bytes());
      entries.add(GraphCodec.tensorEntry(i), d);
    }
    return entries;
  }

  /** The manifest's text, exactly as Gson prints the whole tree, with the placement written a tile at a time. */
  static void manifest(JsonObject head, Placement placement, JsonObject tail, JsonObject entries, Writer out) throws IOException {
    JsonWriter w = GSON.newJsonWriter(out);
    w.beginObject();
    PlacementCodec.members(head, w, GSON);
    w.name("placement");
    PlacementCodec.write(placement, w, GSON);
    PlacementCodec.members(tail, w, GSON);
    w.name("entries");
    GSON.toJson(entries, w);
    w.endObject();
    w.flush();
  }

  /** A signer ready for the manifest's digest; a key that cannot sign is refused before anything is written. */
  private static Signature signer(PrivateKey key) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      return s;
    } catch (GeneralSecurityException e) {
      throw new BadInputException("cannot sign the artifact with the given key (an Ed25519 private key is needed): " + e.getMessage(), e);
    }
  }

  private static byte[] sign(Signature signer, String manifestDigest) {
    try {
      signer.update(ArtifactFormat.signedMessage(manifestDigest));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new BadInputException("cannot sign the artifact with the given key (an Ed25519 private key is needed): " + e.getMessage(), e);
    }
  }


  /** What goes into the zip, in order. */
  @FunctionalInterface
  private interface ZipBody {
    void write(ZipOutputStream z) throws IOException;
  }

  private static void writeAtomically(Path out, ZipBody body) {
    AtomicFiles.write(out, "the artifact", os -> {
      ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(os, 1 << 16));
      body.write(z);
      z.finish();
      z.flush();
    });
  }

  private static ZipEntry entry(String name, int method) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(EPOCH);
    e.setMethod(method);
    return e;
  }

  /** The manifest's digest and the signature, deflated. */
  private static void writeEntry(ZipOutputStream z, String name, byte[] data) throws IOException {
    z.putNextEntry(entry(name, ZipEntry.DEFLATED));
    z.write(data);
    z.closeEntry();
  }

  /** Blobs are STORED (float64 weights barely compress, and stored entries can be checked in place). */
  private static void writeBlob(ZipOutputStream z, String name, Tensor t, Float64Blob.Summary s) throws IOException {
    ZipEntry e = entry(name, ZipEntry.STORED);
    e.setSize(s.bytes());
    e.setCompressedSize(s.bytes());
    e.setCrc(s.crc32());
    z.putNextEntry(e);
    Float64Blob.write(t, z);
    z.closeEntry();
  }
}
