package insitu.compiler.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An ONNX model as read from a file: the parts of {@code ModelProto} the compiler needs.
 *
 * @param irVersion    ONNX IR version of the file format
 * @param opsetImports operator set version per domain; the default ONNX domain is {@code ""}
 * @param producerName tool that wrote the file, e.g. {@code "pytorch"}; empty if not given
 * @param graph        the main graph
 */
public record OnnxModel(
    long irVersion, Map<String, Long> opsetImports, String producerName, OnnxGraph graph) {

  public OnnxModel {
    // Keeps the file's order, which makes dumps and error messages stable.
    opsetImports = Collections.unmodifiableMap(new LinkedHashMap<>(opsetImports));
    Objects.requireNonNull(producerName);
    Objects.requireNonNull(graph);
  }

  /** Opset version of the default domain ({@code ""}, also spelled {@code "ai.onnx"}), or 0. */
  public long defaultOpset() {
    return opsetImports.getOrDefault("", opsetImports.getOrDefault("ai.onnx", 0L));
  }
}
