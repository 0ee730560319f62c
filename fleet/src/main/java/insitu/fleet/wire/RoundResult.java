package insitu.fleet.wire;

import com.google.gson.JsonObject;
import insitu.compiler.artifact.Sha256;

/**
 * A device's answer to a round, retained on {@code insitu/GROUP/device/ID/result}: the model as its
 * board computes it after fine-tuning (weights read back from the devices, trained biases), as a
 * {@code .xbar} body, with the number of samples it learned from.
 */
public record RoundResult(String device, long round, String baseSha256, int samples, int epochs, double accuracyBefore,
                          double accuracyAfter, byte[] model) {
  public static final String TYPE = "result";

  public Envelope toEnvelope() {
    return Header.typed(TYPE).put("device", device).put("round", round).put("base_sha256", baseSha256).put("samples", samples)
        .put("epochs", epochs).put("accuracy_before", accuracyBefore).put("accuracy_after", accuracyAfter).put("sha256", Sha256.hex(model))
        .envelope(model);
  }

  public static RoundResult from(Envelope e) {
    Fields.expectType(e, TYPE);
    JsonObject h = e.header();
    Fields.bodySha256(e, "result");
    return new RoundResult(Fields.name(h, "device"), Fields.lng(h, "round"), Fields.sha256(h, "base_sha256"),
        Fields.intg(h, "samples", 0, Integer.MAX_VALUE), Fields.intg(h, "epochs", 0, RoundRequest.MAX_EPOCHS),
        Fields.dbl(h, "accuracy_before"), Fields.dbl(h, "accuracy_after"), e.body());
  }
}
