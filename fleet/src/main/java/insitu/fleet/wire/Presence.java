package insitu.fleet.wire;

import com.google.gson.JsonObject;

/**
 * Retained on {@code insitu/GROUP/device/ID/presence}: {@code online} when the device connects,
 * {@code offline} as its last will (the broker publishes it when the connection dies) or when it
 * stops cleanly. Kept apart from the status so an offline device still shows the model it had.
 */
public record Presence(String device, boolean online) {
  public static final String TYPE = "presence";

  public Envelope toEnvelope() {
    JsonObject h = new JsonObject();
    h.addProperty("type", TYPE);
    h.addProperty("device", device);
    h.addProperty("online", online);
    h.addProperty("state", online ? "online" : "offline");
    return Envelope.of(h);
  }

  public static Presence from(Envelope e) {
    Fields.expectType(e, TYPE);
    return new Presence(Topics.checkName("device", Fields.str(e.header(), "device")), Fields.bool(e.header(), "online"));
  }
}
