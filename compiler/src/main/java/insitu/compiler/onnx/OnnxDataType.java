package insitu.compiler.onnx;

/** ONNX {@code TensorProto.DataType} codes, with the byte size of one element in raw_data. */
public enum OnnxDataType {
  UNDEFINED(0, 0),
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  UINT16(4, 2),
  INT16(5, 2),
  INT32(6, 4),
  INT64(7, 8),
  STRING(8, 0),
  BOOL(9, 1),
  FLOAT16(10, 2),
  DOUBLE(11, 8),
  UINT32(12, 4),
  UINT64(13, 8),
  COMPLEX64(14, 8),
  COMPLEX128(15, 16),
  BFLOAT16(16, 2);

  private final int code;
  private final int byteSize;

  OnnxDataType(int code, int byteSize) {
    this.code = code;
    this.byteSize = byteSize;
  }

  public int code() {
    return code;
  }

  /** Bytes per element in raw_data; 0 for types without a fixed size (STRING, UNDEFINED). */
  public int byteSize() {
    return byteSize;
  }

  /** The type with this code, or UNDEFINED for codes this version does not know. */
  public static OnnxDataType of(int code) {
    for (OnnxDataType t : values()) if (t.code == code) return t;
    return UNDEFINED;
  }

  /** "FLOAT", or "type 42" for a code this version does not know. */
  public static String describe(int code) {
    OnnxDataType t = of(code);
    return t == UNDEFINED && code != 0 ? "type " + code : t.name();
  }
}
