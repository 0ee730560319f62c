package insitu.fleet.wire;

import insitu.errors.UsageException;
import java.util.regex.Pattern;

/**
 * The topic scheme of one group (docs/fleet.md). Everything lives under {@code insitu/GROUP/}: the
 * controller writes {@code deploy} and {@code round}; device {@code ID} writes only under
 * {@code device/ID/}, which is what the example ACL grants by username.
 */
public record Topics(String group) {
  public static final String ROOT = "insitu";
  /** Big bodies travel in parts: part 0 on the topic itself, part i on {@code TOPIC/part/i}. */
  public static final String PART = "/part/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public Topics {
    checkName("group", group);
  }

  /** Group and device names are one topic level of letters, digits, '_', '.' and '-' (no wildcards, no '/'). */
  public static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches())
      throw new UsageException(what + " '" + name + "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    return name;
  }

  public String deploy() {
    return base() + "deploy";
  }

  public String round() {
    return base() + "round";
  }

  public String status(String device) {
    return deviceBase(device) + "status";
  }

  public String presence(String device) {
    return deviceBase(device) + "presence";
  }

  public String result(String device) {
    return deviceBase(device) + "result";
  }

  public String allStatus() {
    return base() + "device/+/status";
  }

  public String allPresence() {
    return base() + "device/+/presence";
  }

  public String allResults() {
    return base() + "device/+/result";
  }

  /** A controller's private echo topic: seeing its own probe come back means the retained snapshot has arrived. */
  public String probe(String clientId) {
    return base() + "control/" + clientId + "/probe";
  }

  public boolean isProbe(String topic) {
    return topic.startsWith(base() + "control/") && topic.endsWith("/probe");
  }

  /** The device a device topic belongs to, or null for other topics. */
  public String deviceOf(String topic) {
    String prefix = base() + "device/";
    if (!topic.startsWith(prefix)) return null;
    int end = topic.indexOf('/', prefix.length());
    return end < 0 ? null : topic.substring(prefix.length(), end);
  }

  /** The last level of a device topic ("status", "presence", "result"), or null. */
  public String kindOf(String topic) {
    String device = deviceOf(topic);
    return device == null ? null : topic.substring(deviceBase(device).length());
  }

  public static String part(String topic, int index) {
    return index == 0 ? topic : topic + PART + index;
  }

  private String base() {
    return ROOT + "/" + group + "/";
  }

  private String deviceBase(String device) {
    return base() + "device/" + checkName("device", device) + "/";
  }
}
