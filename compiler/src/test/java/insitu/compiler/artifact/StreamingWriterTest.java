package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import insitu.boards.BoardSpec;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The artifact's streamed parts against what the whole-in-memory writer made. */
class StreamingWriterTest {

  @Test
  void streamedManifestIsTheTextGsonPrintsForTheWholeTree() throws Exception {
    Graph g = PaperModels.cnn(5);
    BoardSpec t = ArtifactTest.target();
    Placement p = CrossbarMapper.map(g, t, MappingOptions.defaults().withReplication("fc.weight", 2, 2));
    JsonObject head = new JsonObject();
    head.addProperty("format", "insitu-xbar");
    head.addProperty("formatVersion", 1);
    JsonObject source = new JsonObject();
    source.addProperty("name", "ünïcode <&> \"quoted\" \u2028");
    source.add("sha256", JsonNull.INSTANCE);
    head.add("sourceModel", source);
    head.add("target", TargetCodec.encode(t));
    head.add("graph", GraphCodec.encode(g));
    JsonObject entries = new JsonObject();
    JsonObject e = new JsonObject();
    e.addProperty("sha256", "00");
    e.addProperty("bytes", 8L);
    entries.add("tensors/0.bin", e);

    JsonObject tree = head.deepCopy();
    tree.add("placement", PlacementCodec.encode(p));
    tree.add("entries", entries);
    String whole = new GsonBuilder().disableHtmlEscaping().create().toJson(tree);
    StringWriter streamed = new StringWriter();
    ArtifactWriter.manifest(head, p, new com.google.gson.JsonObject(), entries, streamed);
    assertEquals(whole, streamed.toString());
  }

  @Test
  void blobsAreFloat64LittleEndianMadeAChunkAtATime() throws Exception {
    float[] f = new float[20011];
    for (int i = 0; i < f.length; i++) f[i] = (float) Math.sin(i) * 1e-3f * i;
    ByteBuffer expected = ByteBuffer.allocate(8 * f.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : f) expected.putDouble(v);
    Tensor t = Tensor.float32(new int[] {f.length}, FloatBuffer.wrap(f));
    CRC32 crc = new CRC32();
    crc.update(expected.array());
    assertEquals(new Float64Blob.Summary(Sha256.hex(expected.array()), crc.getValue(), 8L * f.length), Float64Blob.summarize(t));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Float64Blob.write(t, out);
    assertArrayEquals(expected.array(), out.toByteArray());
    assertTrue(t.isFloat32(), "written without a double copy");
  }

  @Test
  void tilesThatOverlapOrLeaveAGapAreInconsistent() {
    Graph g = PaperModels.cnn(1);
    BoardSpec t = ArtifactTest.target();
    Placement p = CrossbarMapper.map(g, t, MappingOptions.defaults());
    ArtifactChecks.check(g, p, t);
    BlockPlacement fc = p.block("fc.weight");
    Tile first = fc.tiles().get(0);
    Tile narrower = new Tile(first.array(), first.rows(), java.util.Arrays.copyOf(first.cols(), first.cols().length - 1), first.inStart(), first.inCount(), first.outStart(),
        first.outCount() - 1, first.rowRep(), first.colRep());
    for (List<Tile> tiles : List.of(List.of(narrower), twice(fc.tiles()))) {
      List<BlockPlacement> blocks = new ArrayList<>(p.blocks());
      blocks.set(blocks.indexOf(fc), new BlockPlacement(fc.weight(), fc.outputs(), fc.inputs(), fc.siemensPerWeight(), tiles));
      Placement bad = new Placement(p.arrays(), p.rows(), p.cols(), blocks);
      var e = assertThrows(IllegalArgumentException.class, () -> ArtifactChecks.check(g, bad, t));
      assertTrue(e.getMessage().contains("exactly once"), e.getMessage());
    }
  }

  private static List<Tile> twice(List<Tile> tiles) {
    List<Tile> t = new ArrayList<>(tiles);
    t.addAll(tiles);
    return t;
  }
}
