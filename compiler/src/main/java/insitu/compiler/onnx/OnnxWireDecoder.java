package insitu.compiler.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import insitu.compiler.onnx.OnnxValueInfo.Dim;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the protobuf wire format of one ONNX file into records, message by message. Fields we do
 * not use, or that a newer ONNX adds, are skipped, as protobuf itself does. One instance reads one
 * buffer (a memory-mapped file, or wrapped bytes); a tensor's raw data stays in it, as a slice,
 * so a model's weights are never copied while decoding. {@link OnnxReader} is the public entry
 * point and turns low-level failures into one line.
 */
final class OnnxWireDecoder {
  /** Real models nest a few If/Loop bodies; more than this is a corrupt or hostile file. */
  private static final int MAX_NESTING = 100;

  private final ByteBuffer bytes;
  private final CodedInputStream in;
  private final String source;
  private int depth;

  /**
   * Reads {@code bytes} from its position to its limit; the buffer must not change while its
   * tensors live. Protobuf reads it as a stream: over a direct (mapped) buffer its buffer decoder
   * may copy the whole buffer to the heap, which is what mapping the file avoids.
   */
  OnnxWireDecoder(ByteBuffer bytes, String source) {
    this.bytes = bytes.slice();
    this.in = CodedInputStream.newInstance(new BufferStream(this.bytes.duplicate()), 1 << 13);
    this.source = source;
  }

  /** A buffer as an input stream whose {@code skip} moves the position: skipped raw data is never read. */
  private static final class BufferStream extends InputStream {
    private final ByteBuffer b;

    BufferStream(ByteBuffer b) {
      this.b = b;
    }

    @Override public int read() {
      return b.hasRemaining() ? b.get() & 0xFF : -1;
    }

    @Override public int read(byte[] dst, int off, int len) {
      if (len == 0) return 0;
      if (!b.hasRemaining()) return -1;
      int n = Math.min(len, b.remaining());
      b.get(dst, off, n);
      return n;
    }

    @Override public long skip(long n) {
      int k = (int) Math.max(0, Math.min(n, b.remaining()));
      b.position(b.position() + k);
      return k;
    }

    @Override public int available() {
      return b.remaining();
    }
  }

  /** Byte offset of the next unread byte, for error messages. */
  int position() {
    return in.getTotalBytesRead();
  }

  OnnxModel model() throws IOException {
    long irVersion = 0;
    Map<String, Long> opsets = new LinkedHashMap<>();
    String producer = "";
    OnnxGraph graph = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.Model.IR_VERSION -> irVersion = in.readInt64();
        case OnnxTags.Model.PRODUCER_NAME -> producer = string();
        case OnnxTags.Model.OPSET_IMPORT -> nested(() -> opsetImport(opsets));
        case OnnxTags.Model.GRAPH -> graph = nested(this::graph);
        default -> skip(tag);
      }
    }
    // All three are required by the ONNX spec; missing ones mean this is some other protobuf or a
    // file cut exactly between two fields.
    String missing = graph == null ? "graph" : irVersion <= 0 ? "ir_version"
        : opsets.isEmpty() ? "opset_import" : null;
    if (missing != null) {
      throw bad("no " + missing + " in the file: not a complete ONNX model (export one with"
          + " torch.onnx.export or tf2onnx)");
    }
    return new OnnxModel(irVersion, opsets, producer, graph);
  }

  private Void opsetImport(Map<String, Long> into) throws IOException {
    String domain = "";
    long version = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.OpsetId.DOMAIN -> domain = string();
        case OnnxTags.OpsetId.VERSION -> version = in.readInt64();
        default -> skip(tag);
      }
    }
    into.put(domain, version);
    return null;
  }

  private OnnxGraph graph() throws IOException {
    String name = "";
    List<OnnxNode> nodes = new ArrayList<>();
    List<OnnxTensor> initializers = new ArrayList<>();
    List<OnnxValueInfo> inputs = new ArrayList<>();
    List<OnnxValueInfo> outputs = new ArrayList<>();
    List<OnnxValueInfo> valueInfo = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.Graph.NODE -> nodes.add(nested(this::node));
        case OnnxTags.Graph.NAME -> name = string();
        case OnnxTags.Graph.INITIALIZER ->
            initializers.add(checked(nested(this::tensor), "initializer"));
        case OnnxTags.Graph.INPUT -> inputs.add(nested(this::valueInfo));
        case OnnxTags.Graph.OUTPUT -> outputs.add(nested(this::valueInfo));
        case OnnxTags.Graph.VALUE_INFO -> valueInfo.add(nested(this::valueInfo));
        default -> skip(tag);
      }
    }
    return new OnnxGraph(name, nodes, initializers, inputs, outputs, valueInfo);
  }

  private OnnxNode node() throws IOException {
    int start = position();
    String name = "";
    String opType = "";
    String domain = "";
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.Node.INPUT -> inputs.add(string());
        case OnnxTags.Node.OUTPUT -> outputs.add(string());
        case OnnxTags.Node.NAME -> name = string();
        case OnnxTags.Node.OP_TYPE -> opType = string();
        case OnnxTags.Node.DOMAIN -> domain = string();
        case OnnxTags.Node.ATTRIBUTE -> {
          OnnxAttribute a = nested(this::attribute);
          attributes.put(a.name(), a);
        }
        default -> skip(tag);
      }
    }
    if (opType.isEmpty()) {
      throw bad("node '" + name + "' (at byte " + start + ") has no op_type: corrupt ONNX model");
    }
    return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
  }

  private OnnxAttribute attribute() throws IOException {
    String name = "";
    OnnxAttribute.Type type = OnnxAttribute.Type.UNDEFINED;
    float f = 0;
    long i = 0;
    String s = "";
    OnnxTensor t = null;
    OnnxGraph g = null;
    var floats = new PrimitiveArrayBuilder.Floats();
    var ints = new PrimitiveArrayBuilder.Longs();
    List<String> strings = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.Attribute.NAME -> name = string();
        case OnnxTags.Attribute.TYPE -> type = OnnxAttribute.Type.of(in.readInt64());
        case OnnxTags.Attribute.F -> f = in.readFloat();
        case OnnxTags.Attribute.I -> i = in.readInt64();
        case OnnxTags.Attribute.S -> s = string();
        case OnnxTags.Attribute.T -> t = checked(nested(this::tensor), "attribute tensor");
        case OnnxTags.Attribute.G -> g = nested(this::graph);
        case OnnxTags.Attribute.FLOATS_ONE -> floats.add(in.readFloat());
        case OnnxTags.Attribute.FLOATS_PACKED -> packed(() -> floats.add(in.readFloat()));
        case OnnxTags.Attribute.INTS_ONE -> ints.add(in.readInt64());
        case OnnxTags.Attribute.INTS_PACKED -> packed(() -> ints.add(in.readInt64()));
        case OnnxTags.Attribute.STRINGS -> strings.add(string());
        default -> skip(tag);
      }
    }
    return new OnnxAttribute(name, type, f, i, s, t, floats.toArray(), ints.toArray(), strings, g);
  }

  private OnnxTensor tensor() throws IOException {
    String name = "";
    int dataType = 0;
    var dims = new PrimitiveArrayBuilder.Longs();
    ByteBuffer raw = ByteBuffer.allocate(0);
    var floats = new PrimitiveArrayBuilder.Floats();
    var int32s = new PrimitiveArrayBuilder.Longs();
    var int64s = new PrimitiveArrayBuilder.Longs();
    var doubles = new PrimitiveArrayBuilder.Doubles();
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.Tensor.NAME -> name = string();
        case OnnxTags.Tensor.DATA_TYPE -> dataType = in.readInt32();
        case OnnxTags.Tensor.DIMS_ONE -> dims.add(in.readInt64());
        case OnnxTags.Tensor.DIMS_PACKED -> packed(() -> dims.add(in.readInt64()));
        case OnnxTags.Tensor.RAW_DATA -> raw = slice();
        case OnnxTags.Tensor.FLOAT_DATA_ONE -> floats.add(in.readFloat());
        case OnnxTags.Tensor.FLOAT_DATA_PACKED -> packed(() -> floats.add(in.readFloat()));
        case OnnxTags.Tensor.INT32_DATA_ONE -> int32s.add(in.readInt32());
        case OnnxTags.Tensor.INT32_DATA_PACKED -> packed(() -> int32s.add(in.readInt32()));
        case OnnxTags.Tensor.INT64_DATA_ONE -> int64s.add(in.readInt64());
        case OnnxTags.Tensor.INT64_DATA_PACKED -> packed(() -> int64s.add(in.readInt64()));
        case OnnxTags.Tensor.DOUBLE_DATA_ONE -> doubles.add(in.readDouble());
        case OnnxTags.Tensor.DOUBLE_DATA_PACKED -> packed(() -> doubles.add(in.readDouble()));
        case OnnxTags.Tensor.EXTERNAL_DATA -> {
          external = true;
          skip(tag);
        }
        case OnnxTags.Tensor.DATA_LOCATION ->
            external |= in.readInt32() == OnnxTags.Tensor.LOCATION_EXTERNAL;
        default -> skip(tag);
      }
    }
    return new OnnxTensor(name, dataType, dims.toArray(), raw, floats.toArray(),
        int32s.toIntArray(), int64s.toArray(), doubles.toArray(), external);
  }

  private OnnxValueInfo valueInfo() throws IOException {
    String name = "";
    TensorTypeInfo type = TensorTypeInfo.NONE;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.ValueInfo.NAME -> name = string();
        case OnnxTags.ValueInfo.TYPE -> type = nested(this::typeProto);
        default -> skip(tag);
      }
    }
    return new OnnxValueInfo(name, type.elemType(), type.dims(), type.shapeKnown());
  }

  /** Element type and shape of a tensor type; sequences, maps and the like yield NONE. */
  private record TensorTypeInfo(int elemType, List<Dim> dims, boolean shapeKnown) {
    static final TensorTypeInfo NONE = new TensorTypeInfo(0, List.of(), false);
  }

  private TensorTypeInfo typeProto() throws IOException {
    TensorTypeInfo result = TensorTypeInfo.NONE;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == OnnxTags.Type.TENSOR_TYPE) result = nested(this::tensorType);
      else skip(tag);
    }
    return result;
  }

  private TensorTypeInfo tensorType() throws IOException {
    int elemType = 0;
    List<Dim> dims = List.of();
    boolean shapeKnown = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.TensorType.ELEM_TYPE -> elemType = in.readInt32();
        case OnnxTags.TensorType.SHAPE -> {
          dims = nested(this::shape);
          shapeKnown = true;
        }
        default -> skip(tag);
      }
    }
    return new TensorTypeInfo(elemType, dims, shapeKnown);
  }

  private List<Dim> shape() throws IOException {
    List<Dim> dims = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == OnnxTags.Shape.DIM) dims.add(nested(this::dimension));
      else skip(tag);
    }
    return dims;
  }

  private Dim dimension() throws IOException {
    Dim dim = new OnnxValueInfo.Unknown();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case OnnxTags.Dimension.VALUE -> dim = new OnnxValueInfo.Fixed(in.readInt64());
        case OnnxTags.Dimension.PARAM -> dim = new OnnxValueInfo.Symbolic(string());
        default -> skip(tag);
      }
    }
    return dim;
  }

  // ----------------------------------------------------------------------------- wire helpers

  @FunctionalInterface
  private interface Body<T> {
    T read() throws IOException;
  }

  @FunctionalInterface
  private interface Element {
    void read() throws IOException;
  }

  /** Reads a length-delimited sub-message; the length is checked against the bytes left. */
  private <T> T nested(Body<T> body) throws IOException {
    int length = length();
    if (++depth > MAX_NESTING) {
      throw bad("messages nested more than " + MAX_NESTING + " deep at byte " + position()
          + ": corrupt ONNX model");
    }
    int outer = in.pushLimit(length);
    T value = body.read();
    in.popLimit(outer);
    depth--;
    return value;
  }

  /** Reads a packed repeated field: a length, then values until that length is used up. */
  private void packed(Element element) throws IOException {
    int length = length();
    int outer = in.pushLimit(length);
    while (in.getBytesUntilLimit() > 0) element.read();
    in.popLimit(outer);
  }

  /**
   * The length of a length-delimited field, checked against the bytes left before anything reads
   * the field: a stream decoder would otherwise end a cut-off message quietly at the end of the file.
   */
  private int length() throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) throw new InvalidProtocolBufferException("negative size " + length);
    if (length > bytes.limit() - position())
      throw new InvalidProtocolBufferException("truncated: a field of " + length + " bytes at byte " + position() + " runs past the end");
    return length;
  }

  /** A length-delimited field as a slice of the input, skipped over without a copy. */
  private ByteBuffer slice() throws IOException {
    int length = length();
    int start = position();
    in.skipRawBytes(length);
    return bytes.slice(start, length);
  }

  private String string() throws IOException {
    return new String(in.readRawBytes(length()), StandardCharsets.UTF_8);
  }

  private void skip(int tag) throws IOException {
    int wireType = WireFormat.getTagWireType(tag);
    switch (wireType) {
      case OnnxTags.VARINT -> in.readInt64();
      case OnnxTags.I64 -> in.readRawLittleEndian64();
      case OnnxTags.I32 -> in.readRawLittleEndian32();
      case OnnxTags.LEN -> in.skipRawBytes(length());
      // Groups (3, 4) were never used by ONNX, and 6 and 7 are not wire types at all.
      default -> throw bad("field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
          + wireType + " at byte " + position()
          + ", which ONNX never uses: corrupt or not an ONNX model");
    }
  }

  /** Rejects tensors whose values we could never decode correctly, naming them. */
  private OnnxTensor checked(OnnxTensor t, String role) {
    if (t.externalData()) {
      throw bad(role + " '" + t.name() + "' keeps its values in an external data file, which"
          + " insitu does not read: re-export with the weights inside the .onnx file");
    }
    t.dataProblem().ifPresent(p -> {
      throw bad(role + " '" + t.name() + "': " + p + ": corrupt ONNX model");
    });
    return t;
  }

  private BadInputException bad(String problem) {
    return new BadInputException(source + ": " + problem);
  }
}
