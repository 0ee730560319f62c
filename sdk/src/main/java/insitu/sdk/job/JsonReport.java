package insitu.sdk.job;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import insitu.io.AtomicFiles;
import insitu.runtime.Choice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of the commands' JSON reports. A report is a record: its components are its keys,
 * in their order, in snake case ({@code accuracyPerStep} is {@code accuracy_per_step}); an empty
 * {@link Optional} leaves its key out and null is written as null; a component marked
 * {@code @JsonAdapter(JsonReport.Inline.class)} writes its own keys in its place (a flat report whose
 * record still groups what belongs together); a {@link Choice} is its word, a path its string, a number that is not one (NaN,
 * infinity) null; nothing is HTML-escaped ({@code =} stays {@code =}). An open document (a map of
 * keys not known in advance, such as the bench's numbers) is written as it is, by the same rules.
 */
public final class JsonReport {
  /** The key an inline component is wrapped in until {@link #settle} lays its keys out in its owner. */
  private static final String INLINE = "\u0000inline";
  /** What an empty Optional leaves in the tree until {@link #settle} drops its key. */
  private static final JsonPrimitive ABSENT = new JsonPrimitive("\u0000absent");

  private static final Gson TREE = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .serializeNulls().disableHtmlEscaping()
      .registerTypeAdapter(double.class, new FiniteOrNull()).registerTypeAdapter(Double.class, new FiniteOrNull())
      .registerTypeHierarchyAdapter(Choice.class, new Words()).registerTypeHierarchyAdapter(Path.class, new PathStrings())
      .registerTypeAdapterFactory(new Optionals()).create();
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
  private static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private JsonReport() {}

  /** The report (a record, or an open document's map) as JSON text, on one line or indented. */
  public static String toJson(Object report, boolean pretty) {
    return (pretty ? PRETTY : COMPACT).toJson(settle(TREE.toJsonTree(report)));
  }

  /** Writes to a temporary file, forces it to disk and renames it, so a reader never sees half a report. */
  public static void writeAtomically(Object report, Path file) throws IOException {
    AtomicFiles.write(file, (toJson(report, true) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The tree with every inline component's keys laid out in its owner and every absent key dropped. */
  private static JsonElement settle(JsonElement e) {
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement x : e.getAsJsonArray()) if (!ABSENT.equals(x)) out.add(settle(x));
      return out;
    }
    if (!e.isJsonObject()) return e;
    JsonObject o = e.getAsJsonObject();
    JsonObject out = new JsonObject();
    layOut(o, out);
    return out;
  }

  private static void layOut(JsonObject from, JsonObject into) {
    for (Map.Entry<String, JsonElement> m : from.entrySet()) {
      JsonElement v = m.getValue();
      if (ABSENT.equals(v)) continue;
      if (isInline(v)) {
        JsonElement part = v.getAsJsonObject().get(INLINE);
        if (part.isJsonObject()) layOut(part.getAsJsonObject(), into); // absent or null: no keys
      } else {
        into.add(m.getKey(), settle(v));
      }
    }
  }

  private static boolean isInline(JsonElement v) {
    return v.isJsonObject() && v.getAsJsonObject().size() == 1 && v.getAsJsonObject().has(INLINE);
  }

  /** Reports are written, never read back through here. */
  private abstract static class WriteOnly<T> extends TypeAdapter<T> {
    @Override public T read(JsonReader in) {
      throw new UnsupportedOperationException("reports are not read back");
    }
  }

  private static final class FiniteOrNull extends WriteOnly<Double> {
    @Override public void write(JsonWriter out, Double v) throws IOException {
      if (v == null || !Double.isFinite(v)) out.nullValue();
      else out.value(v.doubleValue());
    }
  }

  private static final class Words extends WriteOnly<Choice> {
    @Override public void write(JsonWriter out, Choice v) throws IOException {
      if (v == null) out.nullValue();
      else out.value(v.label());
    }
  }

  private static final class PathStrings extends WriteOnly<Path> {
    @Override public void write(JsonWriter out, Path v) throws IOException {
      if (v == null) out.nullValue();
      else out.value(v.toString());
    }
  }

  /** An Optional as its value (written by the value's own type), or, empty, the mark of an absent key. */
  private static final class Optionals implements TypeAdapterFactory {
    @Override public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      if (type.getRawType() != Optional.class) return null;
      TypeAdapter<Object> value = gson.getAdapter(Object.class);
      return new WriteOnly<>() {
        @Override public void write(JsonWriter out, T v) throws IOException {
          Optional<?> o = (Optional<?>) v;
          if (o == null || o.isEmpty()) value.write(out, ABSENT.getAsString());
          else value.write(out, o.get());
        }
      };
    }
  }

  /**
   * For a record component whose keys belong in its owner: the component's value (of any type,
   * empty Optionals included) under the inline key, which {@link #settle} then lays out in its owner.
   */
  public static final class Inline implements TypeAdapterFactory {
    @Override public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      TypeAdapter<T> value = gson.getAdapter(type);
      return new WriteOnly<>() {
        @Override public void write(JsonWriter out, T v) throws IOException {
          out.beginObject().name(INLINE);
          value.write(out, v);
          out.endObject();
        }
      };
    }
  }
}
