package insitu.service.protocol;

import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The service's JSON bodies: inference responses, the protocol's error object and small flat objects. */
public final class ResponseWriter {
  private ResponseWriter() {}

  /** The protocol's inference response; {@code id} only when the request had one. */
  public static byte[] inference(String model, String version, String id, List<ResponseTensor> outputs) {
    return write(w -> {
      w.beginObject();
      w.name("model_name").value(model);
      w.name("model_version").value(version);
      if (id != null) w.name("id").value(id);
      w.name("outputs").beginArray();
      for (ResponseTensor t : outputs) {
        w.beginObject();
        w.name("name").value(t.name());
        w.name("shape").beginArray();
        for (long d : t.shape()) w.value(d);
        w.endArray();
        w.name("datatype").value(Datatype.FP32.name());
        w.name("data").beginArray();
        for (double v : t.data()) {
          float f = (float) v;
          if (!Float.isFinite(f)) throw new IllegalStateException("output '" + t.name() + "' holds a value FP32 cannot carry: " + v);
          w.value(f);
        }
        w.endArray();
        w.endObject();
      }
      w.endArray();
      w.endObject();
    });
  }

  /** {@code {"error": message}}. */
  public static byte[] error(String message) {
    return object(Map.of("error", message));
  }

  /**
   * A JSON object of strings, numbers, booleans, string lists, long arrays and nested maps
   * (insertion order kept when the map keeps it).
   */
  public static byte[] object(Map<String, ?> fields) {
    return write(w -> value(w, fields));
  }

  private static void value(JsonWriter w, Object v) throws IOException {
    if (v == null) w.nullValue();
    else if (v instanceof String s) w.value(s);
    else if (v instanceof Boolean b) w.value(b);
    else if (v instanceof Double d && !Double.isFinite(d)) w.nullValue();
    else if (v instanceof Number n) w.value(n);
    else if (v instanceof long[] a) {
      w.beginArray();
      for (long x : a) w.value(x);
      w.endArray();
    } else if (v instanceof List<?> l) {
      w.beginArray();
      for (Object x : l) value(w, x);
      w.endArray();
    } else if (v instanceof Map<?, ?> m) {
      w.beginObject();
      for (var e : m.entrySet()) {
        w.name(e.getKey().toString());
        value(w, e.getValue());
      }
      w.endObject();
    } else {
      throw new IllegalArgumentException("cannot write a " + v.getClass().getSimpleName() + " as JSON");
    }
  }

  private interface Body {
    void write(JsonWriter w) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8); JsonWriter w = new JsonWriter(writer)) {
      body.write(w);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
