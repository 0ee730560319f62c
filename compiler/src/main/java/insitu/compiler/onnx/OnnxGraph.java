package insitu.compiler.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ONNX graph: nodes in the file's (topological) order, constant tensors and typed inputs and
 * outputs. {@code valueInfo} holds shapes of intermediate values when the exporter recorded them.
 */
public record OnnxGraph(
    String name,
    List<OnnxNode> nodes,
    List<OnnxTensor> initializers,
    List<OnnxValueInfo> inputs,
    List<OnnxValueInfo> outputs,
    List<OnnxValueInfo> valueInfo) {

  public OnnxGraph {
    Objects.requireNonNull(name);
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    valueInfo = List.copyOf(valueInfo);
  }

  /** The initializer with this name, if any. */
  public Optional<OnnxTensor> initializer(String tensorName) {
    return initializers.stream().filter(t -> t.name().equals(tensorName)).findFirst();
  }
}
