package insitu.compiler.onnx;

/**
 * Protobuf tags (field number << 3 | wire type) of the ONNX messages we read, from onnx.proto.
 * Field numbers are fixed by the format and never reused, which is what lets us read ONNX without
 * generated code. Repeated numeric fields get two tags: packed (LEN) and one value per tag.
 */
final class OnnxTags {
  private OnnxTags() {}

  static final int VARINT = 0;
  static final int I64 = 1;
  static final int LEN = 2;
  static final int I32 = 5;

  /** ModelProto. */
  static final class Model {
    static final int IR_VERSION = 1 << 3 | VARINT;
    static final int PRODUCER_NAME = 2 << 3 | LEN;
    static final int GRAPH = 7 << 3 | LEN;
    static final int OPSET_IMPORT = 8 << 3 | LEN;
  }

  /** OperatorSetIdProto. */
  static final class OpsetId {
    static final int DOMAIN = 1 << 3 | LEN;
    static final int VERSION = 2 << 3 | VARINT;
  }

  /** GraphProto. */
  static final class Graph {
    static final int NODE = 1 << 3 | LEN;
    static final int NAME = 2 << 3 | LEN;
    static final int INITIALIZER = 5 << 3 | LEN;
    static final int INPUT = 11 << 3 | LEN;
    static final int OUTPUT = 12 << 3 | LEN;
    static final int VALUE_INFO = 13 << 3 | LEN;
  }

  /** NodeProto. */
  static final class Node {
    static final int INPUT = 1 << 3 | LEN;
    static final int OUTPUT = 2 << 3 | LEN;
    static final int NAME = 3 << 3 | LEN;
    static final int OP_TYPE = 4 << 3 | LEN;
    static final int ATTRIBUTE = 5 << 3 | LEN;
    static final int DOMAIN = 7 << 3 | LEN;
  }

  /** AttributeProto. */
  static final class Attribute {
    static final int NAME = 1 << 3 | LEN;
    static final int F = 2 << 3 | I32;
    static final int I = 3 << 3 | VARINT;
    static final int S = 4 << 3 | LEN;
    static final int T = 5 << 3 | LEN;
    static final int G = 6 << 3 | LEN;
    static final int FLOATS_PACKED = 7 << 3 | LEN;
    static final int FLOATS_ONE = 7 << 3 | I32;
    static final int INTS_PACKED = 8 << 3 | LEN;
    static final int INTS_ONE = 8 << 3 | VARINT;
    static final int STRINGS = 9 << 3 | LEN;
    static final int TYPE = 20 << 3 | VARINT;
  }

  /** TensorProto. */
  static final class Tensor {
    static final int DIMS_PACKED = 1 << 3 | LEN;
    static final int DIMS_ONE = 1 << 3 | VARINT;
    static final int DATA_TYPE = 2 << 3 | VARINT;
    static final int FLOAT_DATA_PACKED = 4 << 3 | LEN;
    static final int FLOAT_DATA_ONE = 4 << 3 | I32;
    static final int INT32_DATA_PACKED = 5 << 3 | LEN;
    static final int INT32_DATA_ONE = 5 << 3 | VARINT;
    static final int INT64_DATA_PACKED = 7 << 3 | LEN;
    static final int INT64_DATA_ONE = 7 << 3 | VARINT;
    static final int NAME = 8 << 3 | LEN;
    static final int RAW_DATA = 9 << 3 | LEN;
    static final int DOUBLE_DATA_PACKED = 10 << 3 | LEN;
    static final int DOUBLE_DATA_ONE = 10 << 3 | I64;
    static final int EXTERNAL_DATA = 13 << 3 | LEN;
    static final int DATA_LOCATION = 14 << 3 | VARINT;
    /** TensorProto.DataLocation.EXTERNAL. */
    static final int LOCATION_EXTERNAL = 1;
  }

  /** ValueInfoProto. */
  static final class ValueInfo {
    static final int NAME = 1 << 3 | LEN;
    static final int TYPE = 2 << 3 | LEN;
  }

  /** TypeProto (only the tensor_type member of its oneof matters to us). */
  static final class Type {
    static final int TENSOR_TYPE = 1 << 3 | LEN;
  }

  /** TypeProto.Tensor. */
  static final class TensorType {
    static final int ELEM_TYPE = 1 << 3 | VARINT;
    static final int SHAPE = 2 << 3 | LEN;
  }

  /** TensorShapeProto. */
  static final class Shape {
    static final int DIM = 1 << 3 | LEN;
  }

  /** TensorShapeProto.Dimension. */
  static final class Dimension {
    static final int VALUE = 1 << 3 | VARINT;
    static final int PARAM = 2 << 3 | LEN;
  }
}
