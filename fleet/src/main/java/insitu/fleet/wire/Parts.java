package insitu.fleet.wire;

import com.google.gson.JsonObject;
import insitu.compiler.artifact.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message whose body exceeds what the broker takes in one packet. Part 0 goes to the
 * topic itself, part i to {@code TOPIC/part/i}; every part repeats the header and adds
 * {@code part}, {@code parts}, {@code offset}, {@code bytes} (of the whole body) and
 * {@code body_sha256}, so parts may arrive in any order, twice, or mixed with another message's.
 */
public final class Parts {
  /** More parts than this is not a model. */
  public static final int MAX_PARTS = 65_536;

  private Parts() {}

  /** A payload ready to publish. */
  public record Outgoing(String topic, byte[] payload) {}

  public static List<Outgoing> split(String topic, Envelope message, int maxBodyBytes) {
    if (maxBodyBytes < 1) throw new IllegalArgumentException("part size must be >= 1 byte");
    byte[] body = message.body();
    if (body.length <= maxBodyBytes) return List.of(new Outgoing(topic, message.encode()));
    int n = (int) ((body.length + (long) maxBodyBytes - 1) / maxBodyBytes);
    if (n > MAX_PARTS) throw new IllegalArgumentException(body.length + " bytes need more than " + MAX_PARTS + " parts");
    String digest = Sha256.hex(body);
    List<Outgoing> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int from = i * maxBodyBytes, to = Math.min(body.length, from + maxBodyBytes);
      JsonObject h = message.header().deepCopy();
      h.addProperty("part", i);
      h.addProperty("parts", n);
      h.addProperty("offset", from);
      h.addProperty("bytes", body.length);
      h.addProperty("body_sha256", digest);
      out.add(new Outgoing(Topics.part(topic, i), new Envelope(h, Arrays.copyOfRange(body, from, to)).encode()));
    }
    return out;
  }

  /** The topic a part was published to belongs to (the part suffix removed), and the part's index. */
  public static String baseTopic(String topic) {
    int i = topic.lastIndexOf(Topics.PART);
    if (i < 0) return topic;
    String tail = topic.substring(i + Topics.PART.length());
    return tail.matches("[0-9]{1,6}") ? topic.substring(0, i) : topic;
  }

  /** True when a header describes one part of a split message. */
  static boolean isPart(JsonObject header) {
    return header.has("parts");
  }

  /** Removes the part fields, leaving the message's own header. */
  static JsonObject messageHeader(JsonObject partHeader) {
    JsonObject h = partHeader.deepCopy();
    for (String k : List.of("part", "parts", "offset", "bytes", "body_sha256")) h.remove(k);
    return h;
  }
}
