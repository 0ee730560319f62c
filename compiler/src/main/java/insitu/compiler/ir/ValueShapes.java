package insitu.compiler.ir;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of every value of a graph, -1 where a dim follows the batch size (what shape
 * inference finds; the graph itself stores only its input's shape).
 */
public record ValueShapes(Map<String, int[]> byValue) {
  public ValueShapes {
    Map<String, int[]> copy = new LinkedHashMap<>();
    byValue.forEach((k, v) -> copy.put(k, v.clone()));
    byValue = Collections.unmodifiableMap(copy);
  }

  public static ValueShapes none() {
    return new ValueShapes(Map.of());
  }

  public Optional<int[]> of(String value) {
    int[] s = byValue.get(value);
    return s == null ? Optional.empty() : Optional.of(s.clone());
  }

  /** "[-1, 15, 8, 8]" with the batch dim as "N", or "" when unknown. */
  public String describe(String value) {
    int[] s = byValue.get(value);
    if (s == null) return "";
    return Arrays.stream(s).mapToObj(d -> d < 0 ? "N" : Integer.toString(d)).toList().toString();
  }
}
