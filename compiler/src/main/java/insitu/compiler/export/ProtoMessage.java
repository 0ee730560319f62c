package insitu.compiler.export;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message assembled field by field and written in the wire format. A nested message
 * needs its length before its bytes, so sizes are computed first (once, cached) and the whole
 * tree is then streamed: a model's weights are converted to float32 on the way out and never held
 * twice. Repeated numbers are written one value per tag, as proto2 fields without
 * {@code [packed=true]} (ONNX's dims and ints) must be.
 */
final class ProtoMessage {
  private interface Field {
    int size();

    void write(CodedOutputStream out) throws IOException;
  }

  private final List<Field> fields = new ArrayList<>();
  private int size = -1;

  ProtoMessage int64(int number, long value) {
    return add(CodedOutputStream.computeInt64Size(number, value), out -> out.writeInt64(number, value));
  }

  ProtoMessage int64s(int number, long[] values) {
    for (long v : values) int64(number, v);
    return this;
  }

  ProtoMessage float32(int number, float value) {
    return add(CodedOutputStream.computeFloatSize(number, value), out -> out.writeFloat(number, value));
  }

  ProtoMessage string(int number, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return add(CodedOutputStream.computeByteArraySize(number, utf8), out -> out.writeByteArray(number, utf8));
  }

  ProtoMessage bytes(int number, byte[] value) {
    return add(CodedOutputStream.computeByteArraySize(number, value), out -> out.writeByteArray(number, value));
  }

  ProtoMessage message(int number, ProtoMessage m) {
    return add(new Field() {
      @Override public int size() {
        return CodedOutputStream.computeTagSize(number) + CodedOutputStream.computeUInt32SizeNoTag(m.size()) + m.size();
      }

      @Override public void write(CodedOutputStream out) throws IOException {
        out.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(m.size());
        m.writeTo(out);
      }
    });
  }

  /** A bytes field holding {@code values} as little-endian float32 (ONNX's raw_data), converted as written. */
  ProtoMessage float32Bytes(int number, double[] values) {
    long bytes = 4L * values.length;
    if (bytes > Integer.MAX_VALUE - 64) throw new IllegalArgumentException(values.length + " values do not fit one protobuf field (2 GB)");
    int n = (int) bytes;
    return add(CodedOutputStream.computeTagSize(number) + CodedOutputStream.computeUInt32SizeNoTag(n) + n, out -> {
      out.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(n);
      byte[] chunk = new byte[4 * 4096];
      for (int start = 0; start < values.length; start += 4096) {
        int count = Math.min(4096, values.length - start);
        for (int k = 0; k < count; k++) {
          int bits = Float.floatToRawIntBits((float) values[start + k]);
          chunk[4 * k] = (byte) bits;
          chunk[4 * k + 1] = (byte) (bits >>> 8);
          chunk[4 * k + 2] = (byte) (bits >>> 16);
          chunk[4 * k + 3] = (byte) (bits >>> 24);
        }
        out.writeRawBytes(chunk, 0, 4 * count);
      }
    });
  }

  /** Serialized size in bytes; fails when the message would pass protobuf's 2 GB limit. */
  int size() {
    if (size < 0) {
      long total = 0;
      for (Field f : fields) total += f.size();
      if (total > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("the message would be " + total + " bytes, over protobuf's 2 GB limit");
      size = (int) total;
    }
    return size;
  }

  void writeTo(CodedOutputStream out) throws IOException {
    for (Field f : fields) f.write(out);
  }

  private ProtoMessage add(int fixedSize, Writer w) {
    return add(new Field() {
      @Override public int size() {
        return fixedSize;
      }

      @Override public void write(CodedOutputStream out) throws IOException {
        w.write(out);
      }
    });
  }

  private ProtoMessage add(Field f) {
    size = -1;
    fields.add(f);
    return this;
  }

  @FunctionalInterface
  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }
}
