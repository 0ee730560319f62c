package insitu.compiler.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A node attribute. Only the field selected by {@code type} is meaningful; the others hold their
 * empty defaults (0, "", null tensor/graph, empty arrays). Subgraphs ({@code g}) are kept so that
 * Loop, If and Scan can be recognised and rejected with a clear message.
 */
public record OnnxAttribute(
    String name,
    Type type,
    float f,
    long i,
    String s,
    OnnxTensor t,
    float[] floats,
    long[] ints,
    List<String> strings,
    OnnxGraph g) {

  /** ONNX {@code AttributeProto.AttributeType}. */
  public enum Type {
    UNDEFINED(0), FLOAT(1), INT(2), STRING(3), TENSOR(4), GRAPH(5), FLOATS(6), INTS(7), STRINGS(8),
    TENSORS(9), GRAPHS(10), SPARSE_TENSOR(11), SPARSE_TENSORS(12), TYPE_PROTO(13), TYPE_PROTOS(14);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The type with this code, or UNDEFINED for codes this version does not know. */
    public static Type of(long code) {
      for (Type t : values()) if (t.code == code) return t;
      return UNDEFINED;
    }
  }

  public OnnxAttribute {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(s);
    floats = floats.clone();
    ints = ints.clone();
    strings = List.copyOf(strings);
  }

  @Override
  public float[] floats() {
    return floats.clone();
  }

  @Override
  public long[] ints() {
    return ints.clone();
  }
}
