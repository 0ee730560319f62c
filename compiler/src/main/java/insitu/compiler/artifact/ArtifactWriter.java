package insitu.compiler.artifact;

import insitu.io.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.compiler.mapping.Placement;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@code .xbar} artifact: a zip of manifest.json, its digest, one float64 little-endian
 * blob per initializer and, when a key is given, an Ed25519 signature. The file appears
 * atomically (temp file, fsync, rename), so a crash never leaves half an artifact under the name.
 * Output is byte-for-byte deterministic (fixed entry times, fixed order).
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
    ArtifactChecks.check(graph, placement, target);
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    int i = 0;
    for (Tensor t : graph.initializers().values()) blobs.put(GraphCodec.tensorEntry(i++), float64(t.data()));

    JsonObject m = new JsonObject();
    m.addProperty("format", ArtifactFormat.FORMAT);
    m.addProperty("formatVersion", ArtifactFormat.VERSION);
    m.addProperty("compilerVersion", ArtifactFormat.COMPILER_VERSION);
    JsonObject source = new JsonObject();
    source.addProperty("name", graph.name());
    if (sourceModelBytes != null) source.addProperty("sha256", Sha256.hex(sourceModelBytes));
    else source.add("sha256", com.google.gson.JsonNull.INSTANCE);
    m.add("sourceModel", source);
    m.add("target", TargetCodec.encode(target));
    m.add("graph", GraphCodec.encode(graph));
    m.add("placement", PlacementCodec.encode(placement));
    NotesCodec.encode(notes, m);
    JsonObject entries = new JsonObject();
    for (var e : blobs.entrySet()) {
      JsonObject d = new JsonObject();
      d.addProperty("sha256", Sha256.hex(e.getValue()));
      d.addProperty("bytes", e.getValue().length);
      entries.add(e.getKey(), d);
    }
    m.add("entries", entries);
    byte[] manifest = GSON.toJson(m).getBytes(StandardCharsets.UTF_8);
    String manifestDigest = Sha256.hex(manifest);

    Map<String, byte[]> zip = new LinkedHashMap<>();
    zip.put(ArtifactFormat.MANIFEST, manifest);
    zip.put(ArtifactFormat.MANIFEST_DIGEST, (manifestDigest + "\n").getBytes(StandardCharsets.US_ASCII));
    if (signingKey != null) zip.put(ArtifactFormat.SIGNATURE, sign(signingKey, manifestDigest));
    zip.putAll(blobs);
    writeAtomically(zip, out);
  }

  static byte[] float64(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) b.putDouble(v);
    return b.array();
  }

  private static byte[] sign(PrivateKey key, String manifestDigest) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(ArtifactFormat.signedMessage(manifestDigest));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new BadInputException("cannot sign the artifact with the given key (an Ed25519 private key is needed): " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Map<String, byte[]> entries, Path out) {
    AtomicFiles.write(out, "the artifact", os -> {
      ZipOutputStream z = new ZipOutputStream(os);
      for (var e : entries.entrySet()) writeEntry(z, e.getKey(), e.getValue());
      z.finish();
      z.flush();
    });
  }

  /** Blobs are STORED (float64 weights barely compress, and stored entries can be checked in place); the manifest is deflated. */
  private static void writeEntry(ZipOutputStream z, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(EPOCH);
    if (name.startsWith("tensors/")) {
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      e.setCompressedSize(data.length);
      e.setCrc(crc.getValue());
    } else {
      e.setMethod(ZipEntry.DEFLATED);
    }
    z.putNextEntry(e);
    z.write(data);
    z.closeEntry();
  }
}
