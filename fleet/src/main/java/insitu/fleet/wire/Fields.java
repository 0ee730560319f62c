package insitu.fleet.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.compiler.artifact.Sha256;

/** Typed reads of header fields; a missing or mistyped required field is a {@link WireException}. */
final class Fields {
  private Fields() {}

  static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive()) throw new WireException("header field '" + key + "' is missing");
    return e.getAsString();
  }

  static String optStr(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  static long lng(JsonObject o, String key) {
    try {
      return o.get(key).getAsLong();
    } catch (RuntimeException e) {
      throw new WireException("header field '" + key + "' is missing or not an integer");
    }
  }

  static long lng(JsonObject o, String key, long fallback) {
    return o.has(key) && !o.get(key).isJsonNull() ? lng(o, key) : fallback;
  }

  static int intg(JsonObject o, String key, int min, int max) {
    long v = lng(o, key);
    if (v < min || v > max) throw new WireException("header field '" + key + "' = " + v + " is outside " + min + ".." + max);
    return (int) v;
  }

  static double dbl(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) return Double.NaN;
    try {
      return e.getAsDouble();
    } catch (RuntimeException x) {
      throw new WireException("header field '" + key + "' is not a number");
    }
  }

  static boolean bool(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() && e.getAsBoolean();
  }

  static String sha256(JsonObject o, String key) {
    String s = str(o, key);
    if (!s.matches("[0-9a-f]{64}")) throw new WireException("header field '" + key + "' is not a hex SHA-256");
    return s;
  }

  /** A name that is one topic level (a device's id): what {@link Topics#checkName} accepts. */
  static String name(JsonObject o, String key) {
    return Topics.checkName(key, str(o, key));
  }

  /** The header's {@code sha256}, which must be the digest of the message's body ({@code what} names the message in the error). */
  static String bodySha256(Envelope e, String what) {
    String sha = sha256(e.header(), "sha256");
    if (!Sha256.hex(e.body()).equals(sha)) throw new WireException(what + " body does not match its sha256");
    return sha;
  }

  static void expectType(Envelope e, String type) {
    if (!type.equals(e.type())) throw new WireException("expected a '" + type + "' message, got '" + e.type() + "'");
  }
}
