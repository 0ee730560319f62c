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
    return Header.typed(TYPE).put("rollout", rollout).put("sha256", sha256).put("adapt_epochs", adaptEpochs).put("round", round)
        .envelope(artifact);
  }

  /** Reads a deployment; the body must be the artifact its header names (the digest is checked here). */
  public static Deployment from(Envelope e) {
    Fields.expectType(e, TYPE);
    JsonObject h = e.header();
    String sha = Fields.bodySha256(e, "deployment");
    return new Deployment(Fields.lng(h, "rollout"), sha, Fields.intg(h, "adapt_epochs", 0, MAX_ADAPT_EPOCHS), Fields.lng(h, "round", 0),
        e.body());
  }
}
