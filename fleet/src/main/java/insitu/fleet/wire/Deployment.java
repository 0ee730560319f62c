package insitu.fleet.wire;

import com.google.gson.JsonObject;
import insitu.compiler.artifact.Sha256;

/**
 * What a group should run: an artifact, the rollout it belongs to, and how long each device
 * fine-tunes it on its own data after programming it (a round's model adapts to each board's
 * defects). Retained on {@code insitu/GROUP/deploy}; devices ignore rollouts older than the one they
 * applied and apply an artifact they already run only once (by digest).
 *
 * @param rollout increasing id chosen by the controller (milliseconds, or one more than the last seen)
 * @param round the federated round that made this model, 0 for a plain deployment
 */
public record Deployment(long rollout, String sha256, int adaptEpochs, long round, byte[] artifact) {
  public static final String TYPE = "deploy";
  public static final int MAX_ADAPT_EPOCHS = 100;

  public Deployment {
    if (adaptEpochs < 0 || adaptEpochs > MAX_ADAPT_EPOCHS) throw new IllegalArgumentException("adapt epochs outside 0.." + MAX_ADAPT_EPOCHS);
  }

  public static Deployment of(long rollout, byte[] artifact, int adaptEpochs, long round) {
    return new Deployment(rollout, Sha256.hex(artifact), adaptEpochs, round, artifact);
  }

  public Envelope toEnvelope() {
    JsonObject h = new JsonObject();
    h.addProperty("type", TYPE);
    h.addProperty("rollout", rollout);
    h.addProperty("sha256", sha256);
    h.addProperty("adapt_epochs", adaptEpochs);
    h.addProperty("round", round);
    return new Envelope(h, artifact);
  }

  /** Reads a deployment; the body must be the artifact its header names (the digest is checked here). */
  public static Deployment from(Envelope e) {
    Fields.expectType(e, TYPE);
    JsonObject h = e.header();
    String sha = Fields.sha256(h, "sha256");
    if (!Sha256.hex(e.body()).equals(sha)) throw new WireException("deployment body does not match its sha256");
    return new Deployment(Fields.lng(h, "rollout"), sha, Fields.intg(h, "adapt_epochs", 0, MAX_ADAPT_EPOCHS), Fields.lng(h, "round", 0),
        e.body());
  }
}
