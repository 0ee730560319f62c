package insitu.compiler.artifact;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Small typed accessors over Gson's tree model. Every read names the missing or mistyped field, so
 * a damaged manifest (or calibration, or board spec file) gives a message that points at the
 * problem instead of a NullPointerException or a value of the wrong type taken as it comes.
 */
public final class JsonFields {
  private JsonFields() {}

  /** A field that is absent or has the wrong type. */
  public static final class FieldException extends RuntimeException {
    public FieldException(String message) {
      super(message);
    }
  }

  public static JsonElement req(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) throw new FieldException("field '" + key + "' is missing");
    return e;
  }

  public static JsonObject obj(JsonObject o, String key) {
    JsonElement e = req(o, key);
    if (!e.isJsonObject()) throw new FieldException("field '" + key + "' must be an object");
    return e.getAsJsonObject();
  }

  public static JsonArray arr(JsonObject o, String key) {
    JsonElement e = req(o, key);
    if (!e.isJsonArray()) throw new FieldException("field '" + key + "' must be an array");
    return e.getAsJsonArray();
  }

  public static String str(JsonObject o, String key) {
    JsonElement e = req(o, key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new FieldException("field '" + key + "' must be a string");
    return e.getAsString();
  }

  /** A string field that may be absent or null. */
  public static String optStr(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : str(o, key);
  }

  public static int integer(JsonObject o, String key) {
    return toInt(req(o, key), key);
  }

  public static long longValue(JsonObject o, String key) {
    return toLong(req(o, key), key);
  }

  public static boolean bool(JsonObject o, String key) {
    JsonElement e = req(o, key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw new FieldException("field '" + key + "' must be true or false");
    return e.getAsBoolean();
  }

  public static double number(JsonObject o, String key) {
    return toDouble(req(o, key), key);
  }

  public static int[] ints(JsonObject o, String key) {
    JsonArray a = arr(o, key);
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = toInt(a.get(i), key + "[" + i + "]");
    return v;
  }

  public static long[] longs(JsonObject o, String key) {
    JsonArray a = arr(o, key);
    long[] v = new long[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = toLong(a.get(i), key + "[" + i + "]");
    return v;
  }

  public static java.util.List<String> strings(JsonObject o, String key) {
    JsonArray a = arr(o, key);
    java.util.List<String> v = new java.util.ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonElement e = a.get(i);
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new FieldException("field '" + key + "[" + i + "]' must be a string");
      v.add(e.getAsString());
    }
    return v;
  }

  public static JsonObject element(JsonArray a, int i, String what) {
    JsonElement e = a.get(i);
    if (!e.isJsonObject()) throw new FieldException(what + "[" + i + "] must be an object");
    return e.getAsJsonObject();
  }

  private static int toInt(JsonElement e, String key) {
    long v = toLong(e, key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new FieldException("field '" + key + "' is out of range: " + v);
    return (int) v;
  }

  private static long toLong(JsonElement e, String key) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new FieldException("field '" + key + "' must be an integer");
    try {
      return new java.math.BigDecimal(e.getAsString()).longValueExact();
    } catch (ArithmeticException | NumberFormatException x) {
      throw new FieldException("field '" + key + "' must be an integer, was " + e.getAsString());
    }
  }

  /** Numbers, or the strings "NaN", "Infinity", "-Infinity" (JSON has no literals for them). */
  private static double toDouble(JsonElement e, String key) {
    if (e.isJsonPrimitive()) {
      JsonPrimitive p = e.getAsJsonPrimitive();
      if (p.isNumber()) return p.getAsDouble();
      if (p.isString()) {
        switch (p.getAsString()) {
          case "NaN": return Double.NaN;
          case "Infinity": return Double.POSITIVE_INFINITY;
          case "-Infinity": return Double.NEGATIVE_INFINITY;
          default: break;
        }
      }
    }
    throw new FieldException("field '" + key + "' must be a number");
  }

  // ---- writing ----

  public static JsonElement num(double v) {
    if (Double.isNaN(v)) return new JsonPrimitive("NaN");
    if (Double.isInfinite(v)) return new JsonPrimitive(v > 0 ? "Infinity" : "-Infinity");
    return new JsonPrimitive(v);
  }

  public static JsonArray of(int[] v) {
    JsonArray a = new JsonArray(v.length);
    for (int x : v) a.add(x);
    return a;
  }

  public static JsonArray of(long[] v) {
    JsonArray a = new JsonArray(v.length);
    for (long x : v) a.add(x);
    return a;
  }

  public static JsonArray of(java.util.List<String> v) {
    JsonArray a = new JsonArray(v.size());
    for (String x : v) a.add(x);
    return a;
  }
}
