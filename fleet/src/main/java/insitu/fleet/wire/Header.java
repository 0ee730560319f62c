package insitu.fleet.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Writes a message header (its type first) or one of its nested objects: fields in the order they
 * are put, which is the order on the wire. The write-side twin of {@link Fields}.
 */
final class Header {
  private final JsonObject json = new JsonObject();

  private Header() {}

  /** A header of a message of this type. */
  static Header typed(String type) {
    return new Header().put("type", type);
  }

  /** An object nested in a header (no type of its own). */
  static Header nested() {
    return new Header();
  }

  /** A null string is written as JSON null. */
  Header put(String key, String value) {
    json.addProperty(key, value);
    return this;
  }

  Header put(String key, long value) {
    json.addProperty(key, value);
    return this;
  }

  Header put(String key, boolean value) {
    json.addProperty(key, value);
    return this;
  }

  /** NaN has no JSON form: a number that is not finite is written as null. */
  Header put(String key, double value) {
    if (Double.isFinite(value)) json.addProperty(key, value);
    else json.add(key, JsonNull.INSTANCE);
    return this;
  }

  /** A null object is written as JSON null. */
  Header put(String key, JsonElement value) {
    json.add(key, value == null ? JsonNull.INSTANCE : value);
    return this;
  }

  JsonObject json() {
    return json;
  }

  /** The message with this header and no body. */
  Envelope envelope() {
    return Envelope.of(json);
  }

  Envelope envelope(byte[] body) {
    return new Envelope(json, body);
  }
}
