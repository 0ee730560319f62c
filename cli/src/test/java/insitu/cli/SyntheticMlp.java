package insitu.cli;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a two-layer perceptron as an ONNX file, the way PyTorch exports nn.Linear: input
 * [batch, in] → Gemm(transB) → Relu → Gemm(transB) → [batch, out], weights as little-endian raw
 * data. Big enough to measure compile memory, with nothing committed: weight k of every layer is
 * {@link #weight(int)}, exact in float32 and float16.
 */
final class SyntheticMlp {
  static final int FLOAT = 1;
  static final int FLOAT16 = 10;

  private SyntheticMlp() {}

  /** Weight k of every tensor: one of ±1, ±0.5, 0 (exact in both float types). */
  static float weight(int k) {
    return new float[] {1, -0.5f, 0, 0.5f, -1}[k % 5];
  }

  private static final short[] HALF_BITS = {0x3C00, (short) 0xB800, 0, 0x3800, (short) 0xBC00};

  static Path write(Path file, int in, int hidden, int out, int dataType) throws IOException {
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    CodedOutputStream g = CodedOutputStream.newInstance(graph);
    g.writeString(2, "synthetic_mlp");
    g.writeByteArray(1, gemm("fc1", "x", "fc1.weight", "fc1.bias", "h"));
    g.writeByteArray(1, node("relu", "Relu", new String[] {"h"}, "r"));
    g.writeByteArray(1, gemm("fc2", "r", "fc2.weight", "fc2.bias", "y"));
    g.writeByteArray(5, tensor("fc1.weight", new long[] {hidden, in}, dataType));
    g.writeByteArray(5, tensor("fc1.bias", new long[] {hidden}, dataType));
    g.writeByteArray(5, tensor("fc2.weight", new long[] {out, hidden}, dataType));
    g.writeByteArray(5, tensor("fc2.bias", new long[] {out}, dataType));
    g.writeByteArray(11, valueInfo("x", in, dataType));
    g.writeByteArray(12, valueInfo("y", out, dataType));
    g.flush();
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    CodedOutputStream m = CodedOutputStream.newInstance(model);
    m.writeInt64(1, 8);
    m.writeString(2, "insitu-test");
    m.writeByteArray(7, graph.toByteArray());
    m.writeByteArray(8, message(o -> {
      o.writeString(1, "");
      o.writeInt64(2, 13);
    }));
    m.flush();
    Files.write(file, model.toByteArray());
    return file;
  }

  private interface Body {
    void write(CodedOutputStream o) throws IOException;
  }

  private static byte[] message(Body body) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    body.write(o);
    o.flush();
    return b.toByteArray();
  }

  private static byte[] node(String name, String op, String[] inputs, String output, byte[]... attributes) throws IOException {
    return message(o -> {
      for (String i : inputs) o.writeString(1, i);
      o.writeString(2, output);
      o.writeString(3, name);
      o.writeString(4, op);
      for (byte[] a : attributes) o.writeByteArray(5, a);
    });
  }

  private static byte[] gemm(String name, String x, String w, String b, String y) throws IOException {
    byte[] transB = message(o -> {
      o.writeString(1, "transB");
      o.writeInt64(3, 1);
      o.writeInt64(20, 2);
    });
    return node(name, "Gemm", new String[] {x, w, b}, y, transB);
  }

  private static byte[] tensor(String name, long[] dims, int dataType) throws IOException {
    int n = 1;
    for (long d : dims) n = Math.multiplyExact(n, (int) d);
    ByteBuffer raw = ByteBuffer.allocate(n * (dataType == FLOAT ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < n; k++) {
      if (dataType == FLOAT) raw.putFloat(weight(k));
      else raw.putShort(HALF_BITS[k % 5]);
    }
    return message(o -> {
      for (long d : dims) o.writeInt64(1, d);
      o.writeInt32(2, dataType);
      o.writeString(8, name);
      o.writeByteArray(9, raw.array());
    });
  }

  private static byte[] valueInfo(String name, int features, int dataType) throws IOException {
    byte[] shape = message(o -> {
      o.writeByteArray(1, message(d -> d.writeString(2, "batch")));
      o.writeByteArray(1, message(d -> d.writeInt64(1, features)));
    });
    byte[] tensorType = message(o -> {
      o.writeInt32(1, dataType);
      o.writeByteArray(2, shape);
    });
    return message(o -> {
      o.writeString(1, name);
      o.writeByteArray(2, message(t -> t.writeByteArray(1, tensorType)));
    });
  }
}
