package insitu.compiler.artifact;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.compiler.InputRange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest's optional {@code inputRange} ({@code [low, high]}) and {@code metadata} (string →
 * string) fields. Both are left out when empty, so an artifact without notes is byte for byte what
 * a writer before them produced, and a reader before them ignores them (format version 1 either way).
 */
final class NotesCodec {
  private NotesCodec() {}

  static void encode(ModelNotes notes, JsonObject manifest) {
    notes.declaredRange().ifPresent(r -> {
      JsonArray a = new JsonArray();
      a.add(r.low());
      a.add(r.high());
      manifest.add("inputRange", a);
    });
    if (!notes.metadata().isEmpty()) {
      JsonObject m = new JsonObject();
      notes.metadata().forEach(m::addProperty);
      manifest.add("metadata", m);
    }
  }

  static ModelNotes decode(JsonObject manifest) {
    InputRange range = null;
    JsonElement r = manifest.get("inputRange");
    if (r != null && !r.isJsonNull()) {
      if (!r.isJsonArray() || r.getAsJsonArray().size() != 2) throw new JsonFields.FieldException("field 'inputRange' must be [low, high]");
      JsonArray a = r.getAsJsonArray();
      range = new InputRange(number(a.get(0)), number(a.get(1)));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonElement m = manifest.get("metadata");
    if (m != null && !m.isJsonNull()) {
      if (!m.isJsonObject()) throw new JsonFields.FieldException("field 'metadata' must be an object of strings");
      for (var e : m.getAsJsonObject().entrySet()) {
        JsonElement v = e.getValue();
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString())
          throw new JsonFields.FieldException("metadata '" + e.getKey() + "' must be a string");
        metadata.put(e.getKey(), v.getAsString());
      }
    }
    return new ModelNotes(range, metadata);
  }

  private static double number(JsonElement e) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new JsonFields.FieldException("field 'inputRange' must hold two numbers");
    return e.getAsDouble();
  }
}
