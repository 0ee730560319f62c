package insitu.sdk.job;

import insitu.io.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** JSON output of commands: one object, NaN written as null, no HTML escapes ({@code =} stays {@code =}). */
public final class JsonReport {
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
  private static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private JsonReport() {}

  public static String toJson(Map<String, Object> report, boolean pretty) {
    return (pretty ? PRETTY : COMPACT).toJson(sanitize(report));
  }

  @SuppressWarnings("unchecked")
  private static Object sanitize(Object v) {
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())) return null;
    if (v instanceof Map<?, ?> m) {
      var out = new java.util.LinkedHashMap<String, Object>();
      for (var e : ((Map<String, Object>) m).entrySet()) out.put(e.getKey(), sanitize(e.getValue()));
      return out;
    }
    if (v instanceof java.util.List<?> l) return l.stream().map(JsonReport::sanitize).toList();
    return v;
  }

  /** Writes to a temporary file, forces it to disk and renames it, so a reader never sees half a report. */
  public static void writeAtomically(Map<String, Object> report, Path file) throws IOException {
    AtomicFiles.write(file, (toJson(report, true) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
