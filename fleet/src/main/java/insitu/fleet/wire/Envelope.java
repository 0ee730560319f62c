package insitu.fleet.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One MQTT payload: a one-line JSON header, then (for artifacts and results) a newline and the
 * binary body. A payload without a newline is a header alone. Headers are read before anything
 * of the body is trusted, so declared sizes are checked before allocating.
 */
public record Envelope(JsonObject header, byte[] body) {
  /** Headers are a few hundred bytes; anything bigger is not ours. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final byte[] NONE = new byte[0];

  public Envelope {
    header = header.deepCopy();
    body = body == null ? NONE : body;
  }

  public static Envelope of(JsonObject header) {
    return new Envelope(header, NONE);
  }

  public String type() {
    return header.has("type") ? header.get("type").getAsString() : "";
  }

  public byte[] encode() {
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    if (body.length == 0) return h;
    byte[] out = Arrays.copyOf(h, h.length + 1 + body.length);
    out[h.length] = '\n';
    System.arraycopy(body, 0, out, h.length + 1, body.length);
    return out;
  }

  /** Decodes a payload; a malformed one is a {@link WireException}. */
  public static Envelope decode(byte[] payload) {
    int end = -1;
    for (int i = 0; i < Math.min(payload.length, MAX_HEADER_BYTES); i++)
      if (payload[i] == '\n') {
        end = i;
        break;
      }
    if (end < 0 && payload.length > MAX_HEADER_BYTES) throw new WireException("header longer than " + MAX_HEADER_BYTES + " bytes");
    String text = new String(payload, 0, end < 0 ? payload.length : end, StandardCharsets.UTF_8);
    JsonElement e;
    try {
      e = JsonParser.parseString(text);
    } catch (JsonParseException x) {
      throw new WireException("header is not JSON: " + x.getMessage());
    }
    if (!e.isJsonObject()) throw new WireException("header is not a JSON object");
    byte[] body = end < 0 ? NONE : Arrays.copyOfRange(payload, end + 1, payload.length);
    return new Envelope(e.getAsJsonObject(), body);
  }
}
