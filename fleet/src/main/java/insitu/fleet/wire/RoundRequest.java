package insitu.fleet.wire;

import com.google.gson.JsonObject;

/**
 * One round of federated fine-tuning, retained on {@code insitu/GROUP/round}: every device that
 * runs {@code baseSha256} fine-tunes it in situ for {@code epochs} on its local data and reports
 * what its board learned. An empty retained payload ends the round.
 */
public record RoundRequest(long round, String baseSha256, int epochs) {
  public static final String TYPE = "round";
  public static final int MAX_EPOCHS = 1000;

  public RoundRequest {
    if (epochs < 1 || epochs > MAX_EPOCHS) throw new IllegalArgumentException("epochs outside 1.." + MAX_EPOCHS);
  }

  public Envelope toEnvelope() {
    return Header.typed(TYPE).put("round", round).put("base_sha256", baseSha256).put("epochs", epochs).envelope();
  }

  public static RoundRequest from(Envelope e) {
    Fields.expectType(e, TYPE);
    JsonObject h = e.header();
    return new RoundRequest(Fields.lng(h, "round"), Fields.sha256(h, "base_sha256"), Fields.intg(h, "epochs", 1, MAX_EPOCHS));
  }
}
