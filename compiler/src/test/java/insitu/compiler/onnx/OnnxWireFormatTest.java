package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wire-format cases the PyTorch fixtures do not cover, built by hand with {@link Proto}. */
class OnnxWireFormatTest {

  private static Proto node(String name, String op) {
    return new Proto().string(1, "x").string(2, "y").string(3, name).string(4, op);
  }

  @Test
  void skipsUnknownFieldsOfEveryWireTypeAtEveryLevel() {
    Proto tensor = new Proto()
        .varint(1, 2).varint(1, 2) // dims one per tag, as proto2 writes them
        .varint(2, OnnxDataType.FLOAT.code())
        .fixed32(4, 1f).fixed32(4, 2f).fixed32(4, 3f).fixed32(4, 4f) // float_data unpacked
        .string(8, "w")
        .varint(99, 7).fixed64(98, 1.0).string(97, "future").fixed32(96, 1f);
    Proto attr = new Proto().string(1, "ints").varint(20, 7).packedVarints(8, 1, -2, 3).varint(99, 1);
    Proto dim = new Proto().string(2, "N").string(3, "DATA_BATCH");
    Proto shape = new Proto().message(1, dim).message(1, new Proto().varint(1, 4));
    Proto type = new Proto().message(1, new Proto().varint(1, 1).message(2, shape)).varint(6, 0);
    Proto graph = new Proto()
        .message(1, node("n0", "Relu").message(5, attr).string(99, "x"))
        .string(2, "g")
        .message(5, tensor)
        .message(11, new Proto().string(1, "x").message(2, type).string(3, "doc"))
        .message(12, new Proto().string(1, "y"))
        .message(14, new Proto().string(1, "annotation"))
        .string(99, "unknown graph field");
    byte[] bytes = Proto.model(graph).varint(99, 5).string(20, "training_info?").toBytes();

    OnnxModel m = OnnxReader.read(bytes, "hand.onnx");
    assertEquals(8, m.irVersion());
    assertEquals(13, m.defaultOpset());
    OnnxGraph g = m.graph();
    assertEquals("g", g.name());
    OnnxTensor w = g.initializer("w").orElseThrow();
    assertArrayEquals(new long[] {2, 2}, w.dims());
    assertArrayEquals(new double[] {1, 2, 3, 4}, w.toDoubles());
    OnnxAttribute ints = g.nodes().get(0).attribute("ints").orElseThrow();
    assertEquals(OnnxAttribute.Type.INTS, ints.type());
    assertArrayEquals(new long[] {1, -2, 3}, ints.ints());
    OnnxValueInfo x = g.inputs().get(0);
    assertEquals(List.of(new OnnxValueInfo.Symbolic("N"), new OnnxValueInfo.Fixed(4)), x.dims());
    assertTrue(x.shapeKnown());
    OnnxValueInfo y = g.outputs().get(0);
    assertEquals(0, y.elemType());
    assertTrue(!y.shapeKnown() && y.dims().isEmpty());
  }

  @Test
  void keepsLoopBodiesSoTheyCanBeRejectedLater() {
    Proto body = new Proto().message(1, node("inner", "Add")).string(2, "body");
    Proto loop = node("loop", "Loop").message(5, new Proto().string(1, "body").varint(20, 5).message(6, body));
    OnnxNode n = OnnxReader.read(Proto.model(new Proto().message(1, loop)).toBytes(), "loop.onnx")
        .graph().nodes().get(0);
    OnnxAttribute a = n.attribute("body").orElseThrow();
    assertEquals(OnnxAttribute.Type.GRAPH, a.type());
    assertEquals("Add", a.g().nodes().get(0).opType());
  }

  @Test
  void rejectsExternalDataNamingFileAndTensor() {
    Proto tensor = new Proto().varint(1, 4).varint(2, 1).string(8, "conv.weight")
        .message(13, new Proto().string(1, "location").string(2, "weights.bin")).varint(14, 1);
    var e = assertThrows(BadInputException.class,
        () -> OnnxReader.read(Proto.model(new Proto().message(5, tensor)).toBytes(), "big.onnx"));
    assertTrue(e.getMessage().startsWith("big.onnx: initializer 'conv.weight'"), e.getMessage());
    assertTrue(e.getMessage().contains("external"), e.getMessage());
  }

  @Test
  void rejectsInitializerWhoseDataDoesNotFitItsDims() {
    Proto tensor = new Proto().varint(1, 3).varint(2, 1).string(8, "w").bytes(9, new byte[8]);
    var e = assertThrows(BadInputException.class,
        () -> OnnxReader.read(Proto.model(new Proto().message(5, tensor)).toBytes(), "m.onnx"));
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("8 bytes"), e.getMessage());
  }

  @Test
  void hugeLengthPrefixFailsWithoutAllocating() {
    // graph field (7, LEN) claiming 0x7FFFFFF0 bytes, followed by only a few.
    byte[] bytes = new Proto().varint(1, 8)
        .raw(0x3A, 0xF0, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3).toBytes();
    var e = assertThrows(BadInputException.class, () -> OnnxReader.read(bytes, "huge.onnx"));
    assertTrue(e.getMessage().startsWith("huge.onnx: truncated protobuf at byte"), e.getMessage());
  }

  @Test
  void deepNestingIsRejectedNotAStackOverflow() {
    Proto graph = new Proto().message(1, node("leaf", "Relu"));
    for (int level = 0; level < 200; level++) {
      Proto attr = new Proto().string(1, "body").varint(20, 5).message(6, graph);
      graph = new Proto().message(1, node("If" + level, "If").message(5, attr));
    }
    byte[] bytes = Proto.model(graph).toBytes();
    var e = assertThrows(BadInputException.class, () -> OnnxReader.read(bytes, "deep.onnx"));
    assertTrue(e.getMessage().contains("nested"), e.getMessage());
  }

  @Test
  void rejectsGroupWireTypeAndMissingParts() {
    var group = assertThrows(BadInputException.class,
        () -> OnnxReader.read(new byte[] {0x08, 0x08, 0x0B}, "group.onnx"));
    assertTrue(group.getMessage().contains("wire type 3"), group.getMessage());
    var noGraph = assertThrows(BadInputException.class,
        () -> OnnxReader.read(new Proto().varint(1, 8).toBytes(), "nograph.onnx"));
    assertEquals("nograph.onnx: no graph in the file: not a complete ONNX model (export one with"
        + " torch.onnx.export or tf2onnx)", noGraph.getMessage());
    var noOp = assertThrows(BadInputException.class,
        () -> OnnxReader.read(Proto.model(new Proto().message(1, new Proto().string(3, "n"))).toBytes(), "noop.onnx"));
    assertTrue(noOp.getMessage().contains("no op_type"), noOp.getMessage());
  }
}
