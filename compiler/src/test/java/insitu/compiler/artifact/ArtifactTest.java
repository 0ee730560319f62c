package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Op;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.errors.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactTest {
  @TempDir Path dir;

  static BoardSpec target() {
    DefectMap d = DefectMap.none().withBadRow(0, 5).withBadCol(1, 3).withBadCell(0, 40, 7);
    return SimulatedBoard.specFor(DeviceModel.paper(), 2, 128, 64).withDefects(d);
  }

  private Path write(Graph g, Placement p, BoardSpec t, byte[] src) {
    Path out = dir.resolve("model.xbar");
    ArtifactWriter.write(g, p, t, src, out);
    return out;
  }

  @Test void roundTripKeepsGraphPlacementWeightsAndTarget() {
    Graph g = PaperModels.cnn(7);
    BoardSpec t = target();
    Placement p = CrossbarMapper.map(g, t, MappingOptions.defaults().withReplication("conv1.weight", 2, 1));
    byte[] src = "model bytes".getBytes(StandardCharsets.UTF_8);
    Artifact a = ArtifactReader.read(write(g, p, t, src));
    assertNull(DeepEquals.diff(g, a.graph(), "graph"));
    assertNull(DeepEquals.diff(p, a.placement(), "placement"));
    assertNull(DeepEquals.diff(t, a.manifest().target(), "target"));
    for (String w : g.initializers().keySet()) assertArrayEquals(g.initializers().get(w).data(), a.graph().initializers().get(w).data(), 0.0);
    assertEquals(ArtifactFormat.VERSION, a.manifest().formatVersion());
    assertEquals(Sha256.hex(src), a.manifest().sourceModelSha256());
    assertEquals(g.initializers().size(), a.manifest().entryDigests().size());
    assertFalse(a.manifest().signed());
  }

  @Test void outputIsDeterministic() throws Exception {
    Graph g = PaperModels.cnn(3);
    Placement p = CrossbarMapper.map(g, target(), MappingOptions.defaults());
    Path a = dir.resolve("a.xbar"), b = dir.resolve("b.xbar");
    ArtifactWriter.write(g, p, target(), null, a);
    ArtifactWriter.write(g, p, target(), null, b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertNull(ArtifactReader.read(a).manifest().sourceModelSha256());
    try (var s = Files.list(dir)) {
      assertEquals(2, s.count(), "no temp files left behind");
    }
  }

  @Test void everyOpRecordRoundTrips() {
    List<Op> ops = List.of(
        new Op.Conv(new int[] {3, 2}, new int[] {1, 2}, new int[] {1, 0, 1, 0}, new int[] {1, 1}),
        new Op.Gemm(0.5, 2.0, false, true), new Op.MatMul(), new Op.Add(), new Op.Sub(), new Op.Mul(), new Op.Div(),
        new Op.Relu(), new Op.LeakyRelu(0.01), new Op.Sigmoid(), new Op.Tanh(),
        new Op.Clip(Double.NEGATIVE_INFINITY, 6), new Op.Identity(), new Op.Softmax(-1), new Op.LogSoftmax(1),
        new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 1, 1}),
        new Op.AveragePool(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1, 1, 1}, true), new Op.GlobalAveragePool(),
        new Op.Flatten(1), new Op.Reshape(new long[] {0, -1}), new Op.Transpose(new int[] {0, 2, 1}), new Op.Concat(1),
        new Op.Split(1, new int[] {2, 3}), new Op.Slice(new long[] {0}, new long[] {Long.MAX_VALUE}, new int[] {1}, new long[] {2}),
        new Op.Squeeze(new int[] {0}), new Op.Unsqueeze(new int[] {1}), new Op.Gather(0, new long[] {2}, true),
        new Op.Pad(new long[] {0, 1, 0, 1}, Double.NaN));
    for (Op op : ops) {
      JsonObject j = JsonParser.parseString(OpCodec.encode(op).toString()).getAsJsonObject();
      assertNull(DeepEquals.diff(op, OpCodec.decode(j), op.type()));
    }
  }

  @Test void corruptByteInABlobIsRejectedNamingTheEntry() throws Exception {
    Graph g = PaperModels.cnn(1);
    Placement p = CrossbarMapper.map(g, target(), MappingOptions.defaults());
    Path f = write(g, p, target(), null);
    byte[] bytes = Files.readAllBytes(f);
    String entry = "tensors/1.bin";
    int at = indexOf(bytes, entry.getBytes(StandardCharsets.US_ASCII)); // local header comes first
    int data = at + entry.length() + (bytes[at - 2] & 0xff | (bytes[at - 1] & 0xff) << 8); // name + extra length
    bytes[data + 11] ^= 0x40;
    Files.write(f, bytes);
    BadInputException e = assertThrows(BadInputException.class, () -> ArtifactReader.read(f));
    assertTrue(e.getMessage().contains(entry) && e.getMessage().contains("corrupt"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test void blobReplacedWithValidZipButWrongDigestIsRejected() throws Exception {
    Graph g = PaperModels.cnn(1);
    Path f = write(g, CrossbarMapper.map(g, target(), MappingOptions.defaults()), target(), null);
    Path tampered = dir.resolve("tampered.xbar");
    rewrite(f, tampered, "tensors/0.bin", data -> { data[3] ^= 1; return data; });
    BadInputException e = assertThrows(BadInputException.class, () -> ArtifactReader.read(tampered));
    assertTrue(e.getMessage().contains("tensors/0.bin") && e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test void truncatedFileIsRejected() throws Exception {
    Graph g = PaperModels.cnn(1);
    Path f = write(g, CrossbarMapper.map(g, target(), MappingOptions.defaults()), target(), null);
    byte[] bytes = Files.readAllBytes(f);
    for (int keep : new int[] {0, 10, bytes.length / 2, bytes.length - 5}) {
      Files.write(f, Arrays.copyOf(bytes, keep));
      BadInputException e = assertThrows(BadInputException.class, () -> ArtifactReader.read(f), "kept " + keep);
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test void unknownFormatVersionIsRejected() throws Exception {
    Graph g = PaperModels.cnn(1);
    Path f = write(g, CrossbarMapper.map(g, target(), MappingOptions.defaults()), target(), null);
    Path future = dir.resolve("future.xbar");
    rewriteManifest(f, future, s -> s.replace("\"formatVersion\":1", "\"formatVersion\":99"));
    BadInputException e = assertThrows(BadInputException.class, () -> ArtifactReader.read(future));
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
  }

  @Test void damagedManifestIsRejected() throws Exception {
    Graph g = PaperModels.cnn(1);
    Path f = write(g, CrossbarMapper.map(g, target(), MappingOptions.defaults()), target(), null);
    Path bad = dir.resolve("bad.xbar");
    rewrite(f, bad, ArtifactFormat.MANIFEST, d -> new String(d, StandardCharsets.UTF_8).replace("\"Relu\"", "\"Relx\"").getBytes(StandardCharsets.UTF_8));
    BadInputException e = assertThrows(BadInputException.class, () -> ArtifactReader.read(bad));
    assertTrue(e.getMessage().contains("manifest.json is corrupt"), e.getMessage());
    // Even with a matching digest, an unknown op is named.
    Path worse = dir.resolve("worse.xbar");
    rewriteManifest(f, worse, s -> s.replace("\"Relu\"", "\"Relx\""));
    e = assertThrows(BadInputException.class, () -> ArtifactReader.read(worse));
    assertTrue(e.getMessage().contains("unknown op type 'Relx'"), e.getMessage());
  }

  @Test void missingFileAndNonZipAreBadInput() throws Exception {
    assertTrue(assertThrows(BadInputException.class, () -> ArtifactReader.read(dir.resolve("nope.xbar"))).getMessage().contains("no such file"));
    Path junk = dir.resolve("junk.xbar");
    Files.writeString(junk, "hello");
    assertTrue(assertThrows(BadInputException.class, () -> ArtifactReader.read(junk)).getMessage().contains("not a valid .xbar"));
  }

  @Test void signedArtifactsVerifyAndTamperingOrMissingSignatureIsRefused() throws Exception {
    KeyPair pair = SigningKeys.generate(), other = SigningKeys.generate();
    SigningKeys.write(pair, dir.resolve("k.pem"), dir.resolve("k.pub.pem"));
    Graph g = PaperModels.cnn(1);
    Placement p = CrossbarMapper.map(g, target(), MappingOptions.defaults());
    Path signed = dir.resolve("s.xbar"), unsigned = dir.resolve("u.xbar");
    ArtifactWriter.write(g, p, target(), null, signed, SigningKeys.readPrivate(dir.resolve("k.pem")));
    ArtifactWriter.write(g, p, target(), null, unsigned);
    var pub = SigningKeys.readPublic(dir.resolve("k.pub.pem"));
    Artifact a = ArtifactReader.read(signed, pub);
    assertTrue(a.manifest().signed() && a.manifest().signatureVerified());
    assertTrue(ArtifactReader.read(signed).manifest().signed());
    assertTrue(assertThrows(BadInputException.class, () -> ArtifactReader.read(unsigned, pub)).getMessage().contains("not signed"));
    assertTrue(assertThrows(BadInputException.class, () -> ArtifactReader.read(signed, other.getPublic())).getMessage().contains("does not verify"));
    Path tampered = dir.resolve("t.xbar");
    rewriteManifest(signed, tampered, s -> s.replace("\"siemensPerWeight\":1.0E-4", "\"siemensPerWeight\":2.0E-4"));
    assertTrue(assertThrows(BadInputException.class, () -> ArtifactReader.read(tampered, pub)).getMessage().contains("does not verify"));
  }

  // ---- helpers ----

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    throw new AssertionError("not found");
  }

  /** Copies a zip, transforming one entry's bytes; the result is a valid zip. */
  static void rewrite(Path in, Path out, String name, java.util.function.UnaryOperator<byte[]> f) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipFile z = new ZipFile(in.toFile()); ZipOutputStream zo = new ZipOutputStream(bos)) {
      for (var en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        byte[] d = z.getInputStream(e).readAllBytes();
        if (e.getName().equals(name)) d = f.apply(d);
        zo.putNextEntry(new ZipEntry(e.getName()));
        zo.write(d);
        zo.closeEntry();
      }
    }
    Files.write(out, bos.toByteArray());
  }

  /** Edits the manifest and fixes up its digest, as a careless (or malicious) editor would. */
  static void rewriteManifest(Path in, Path out, java.util.function.UnaryOperator<String> edit) throws Exception {
    Path mid = out.resolveSibling(out.getFileName() + ".mid");
    rewrite(in, mid, ArtifactFormat.MANIFEST, d -> edit.apply(new String(d, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    byte[] manifest;
    try (ZipFile z = new ZipFile(mid.toFile())) {
      manifest = z.getInputStream(z.getEntry(ArtifactFormat.MANIFEST)).readAllBytes();
    }
    rewrite(mid, out, ArtifactFormat.MANIFEST_DIGEST, d -> (Sha256.hex(manifest) + "\n").getBytes(StandardCharsets.US_ASCII));
    Files.delete(mid);
  }
}
