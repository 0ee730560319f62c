package insitu.compiler.onnx;

import java.util.List;
import java.util.Objects;

/**
 * Name, element type and shape of a graph input, output or intermediate value.
 *
 * @param elemType   an {@link OnnxDataType} code; 0 if the value is not a tensor or has no type
 * @param dims       one entry per axis; empty for a scalar or when the file gives no shape
 * @param shapeKnown false when the file gives no shape at all (rank unknown), which an empty
 *                   {@code dims} alone could not tell apart from a scalar
 */
public record OnnxValueInfo(String name, int elemType, List<Dim> dims, boolean shapeKnown) {

  public OnnxValueInfo {
    Objects.requireNonNull(name);
    dims = List.copyOf(dims);
  }

  /** One axis of a shape: a fixed size, a symbolic size such as a dynamic batch, or unknown. */
  public sealed interface Dim permits Fixed, Symbolic, Unknown {}

  public record Fixed(long size) implements Dim {}

  public record Symbolic(String name) implements Dim {
    public Symbolic {
      Objects.requireNonNull(name);
    }
  }

  public record Unknown() implements Dim {}
}
