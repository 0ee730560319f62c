package insitu.compiler.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The ONNX messages the exporter writes, built from {@link ProtoMessage}s with the field numbers
 * of onnx.proto (fixed by the format, never reused), so no generated code is needed.
 */
final class OnnxProtos {
  private OnnxProtos() {}

  /** TensorProto.DataType. */
  static final int FLOAT = 1, INT64 = 7;
  /** AttributeProto.AttributeType. */
  private static final int ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_STRING = 3, ATTR_INTS = 7;

  static final class Model {
    static final int IR_VERSION = 1, PRODUCER_NAME = 2, PRODUCER_VERSION = 3, DOC_STRING = 6, GRAPH = 7, OPSET_IMPORT = 8,
        METADATA_PROPS = 14;
  }

  static final class Graph {
    static final int NODE = 1, NAME = 2, INITIALIZER = 5, INPUT = 11, OUTPUT = 12;
  }

  /** NodeProto: inputs and outputs in order; an absent optional input is the empty name. */
  static ProtoMessage node(String name, String opType, List<String> inputs, List<String> outputs, List<ProtoMessage> attributes) {
    ProtoMessage m = new ProtoMessage();
    for (String i : inputs) m.string(1, i);
    for (String o : outputs) m.string(2, o);
    m.string(3, name).string(4, opType);
    for (ProtoMessage a : attributes) m.message(5, a);
    return m;
  }

  static ProtoMessage intAttr(String name, long value) {
    return new ProtoMessage().string(1, name).int64(3, value).int64(20, ATTR_INT);
  }

  static ProtoMessage intsAttr(String name, int[] values) {
    ProtoMessage m = new ProtoMessage().string(1, name);
    for (int v : values) m.int64(8, v);
    return m.int64(20, ATTR_INTS);
  }

  static ProtoMessage floatAttr(String name, double value) {
    return new ProtoMessage().string(1, name).float32(2, (float) value).int64(20, ATTR_FLOAT);
  }

  static ProtoMessage stringAttr(String name, String value) {
    return new ProtoMessage().string(1, name).bytes(4, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).int64(20, ATTR_STRING);
  }

  /** A float32 TensorProto with its values in raw_data. */
  static ProtoMessage floatTensor(String name, int[] shape, double[] values) {
    ProtoMessage m = new ProtoMessage();
    for (int d : shape) m.int64(1, d);
    return m.int64(2, FLOAT).string(8, name).float32Bytes(9, values);
  }

  /** An int64 TensorProto (shapes, axes, indices) with its values in raw_data. */
  static ProtoMessage int64Tensor(String name, long[] shape, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) b.putLong(v);
    return new ProtoMessage().int64s(1, shape).int64(2, INT64).string(8, name).bytes(9, b.array());
  }

  /**
   * A float tensor ValueInfoProto. Dim 0 at -1 is the batch ({@code dim_param "batch"}); another
   * dim at -1 follows the batch without equalling it and is left unnamed (unknown).
   */
  static ProtoMessage valueInfo(String name, int[] shape) {
    ProtoMessage dims = new ProtoMessage();
    for (int i = 0; i < shape.length; i++) {
      ProtoMessage d = new ProtoMessage();
      if (shape[i] >= 0) d.int64(1, shape[i]);
      else if (i == 0) d.string(2, "batch");
      dims.message(1, d);
    }
    ProtoMessage tensorType = new ProtoMessage().int64(1, FLOAT).message(2, dims);
    return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
  }

  static ProtoMessage opset(long version) {
    return new ProtoMessage().string(1, "").int64(2, version);
  }

  static ProtoMessage entry(String key, String value) {
    return new ProtoMessage().string(1, key).string(2, value);
  }
}
