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
    JsonObject h = new JsonObject();
    h.addProperty("type", TYPE);
    h.addProperty("device", device);
    h.addProperty("round", round);
    h.addProperty("base_sha256", baseSha256);
    h.addProperty("samples", samples);
    h.addProperty("epochs", epochs);
    Fields.put(h, "accuracy_before", accuracyBefore);
    Fields.put(h, "accuracy_after", accuracyAfter);
    h.addProperty("sha256", Sha256.hex(model));
    return new Envelope(h, model);
  }

  public static RoundResult from(Envelope e) {
    Fields.expectType(e, TYPE);
    JsonObject h = e.header();
    if (!Sha256.hex(e.body()).equals(Fields.sha256(h, "sha256"))) throw new WireException("result body does not match its sha256");
    return new RoundResult(Topics.checkName("device", Fields.str(h, "device")), Fields.lng(h, "round"), Fields.sha256(h, "base_sha256"),
        Fields.intg(h, "samples", 0, Integer.MAX_VALUE), Fields.intg(h, "epochs", 0, RoundRequest.MAX_EPOCHS),
        Fields.dbl(h, "accuracy_before"), Fields.dbl(h, "accuracy_after"), e.body());
  }
}
