package insitu.compiler.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes protobuf messages field by field, to build ONNX files the exporters never produce. */
final class Proto {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  private interface Write {
    void run() throws IOException;
  }

  private Proto write(Write w) {
    try {
      w.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Proto varint(int field, long value) {
    return write(() -> out.writeInt64(field, value));
  }

  Proto fixed32(int field, float value) {
    return write(() -> out.writeFloat(field, value));
  }

  Proto fixed64(int field, double value) {
    return write(() -> out.writeDouble(field, value));
  }

  Proto string(int field, String value) {
    return write(() -> out.writeString(field, value));
  }

  Proto bytes(int field, byte[] value) {
    return write(() -> out.writeByteArray(field, value));
  }

  Proto message(int field, Proto value) {
    return bytes(field, value.toBytes());
  }

  Proto packedVarints(int field, long... values) {
    Proto inner = new Proto();
    for (long v : values) inner.write(() -> inner.out.writeInt64NoTag(v));
    return bytes(field, inner.toBytes());
  }

  /** Bytes written as they are, e.g. a hand-made tag and length; ints are taken mod 256. */
  Proto raw(int... value) {
    byte[] b = new byte[value.length];
    for (int k = 0; k < b.length; k++) b[k] = (byte) value[k];
    return write(() -> out.writeRawBytes(b));
  }

  byte[] toBytes() {
    write(out::flush);
    return bytes.toByteArray();
  }

  /** A ModelProto around a graph, with ir_version 8 and opset 13. */
  static Proto model(Proto graph) {
    return new Proto().varint(1, 8).string(2, "test").message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13));
  }
}
