package insitu.compiler.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ONNX operator application. An empty string among {@code inputs} marks an optional input
 * that was left out, as in the ONNX format.
 *
 * @param domain operator set domain; empty for the default ONNX domain
 */
public record OnnxNode(
    String name,
    String opType,
    String domain,
    List<String> inputs,
    List<String> outputs,
    Map<String, OnnxAttribute> attributes) {

  public OnnxNode {
    Objects.requireNonNull(name);
    Objects.requireNonNull(opType);
    Objects.requireNonNull(domain);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public Optional<OnnxAttribute> attribute(String attributeName) {
    return Optional.ofNullable(attributes.get(attributeName));
  }

  /** A readable name for messages: the node name, or its op type and first output if unnamed. */
  public String label() {
    if (!name.isEmpty()) return name;
    return opType + (outputs.isEmpty() ? "" : " -> " + outputs.get(0));
  }
}
