package insitu.fleet.wire;

/**
 * Retained on {@code insitu/GROUP/device/ID/presence}: {@code online} when the device connects,
 * {@code offline} as its last will (the broker publishes it when the connection dies) or when it
 * stops cleanly. Kept apart from the status so an offline device still shows the model it had.
 */
public record Presence(String device, boolean online) {
  public static final String TYPE = "presence";

  public Envelope toEnvelope() {
    return Header.typed(TYPE).put("device", device).put("online", online).put("state", online ? "online" : "offline").envelope();
  }

  public static Presence from(Envelope e) {
    Fields.expectType(e, TYPE);
    return new Presence(Fields.name(e.header(), "device"), Fields.bool(e.header(), "online"));
  }
}
