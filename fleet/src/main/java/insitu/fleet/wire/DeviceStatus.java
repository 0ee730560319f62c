package insitu.fleet.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.runtime.Choice;
import java.util.Locale;

/**
 * What a device runs and how well, retained on {@code insitu/GROUP/device/ID/status}: published on
 * every change, after every (re)connect and as a heartbeat.
 *
 * @param artifactSha256 the artifact it runs (as the controller published it), null before the first
 * @param rollout the rollout it applied last; {@code answeredRound} the last round it reported on
 * @param accuracy on its local labelled test samples, NaN before the first deployment
 * @param lastSeen the device's clock when it published this (ISO-8601)
 * @param pulses and {@code reads}: the board's counters, whoever used it (the agent, and the service's requests)
 * @param recalibrations the board's self-tests
 * @param refused the last artifact it refused (bad signature, corrupt, does not fit), or null
 * @param service the edge service's counters and readiness when the device serves its model, or null
 */
public record DeviceStatus(String device, String group, State state, String artifactSha256, long rollout, long answeredRound,
                           double accuracy, int testSamples, int trainSamples, long pulses, long reads, int recalibrations,
                           Health health, String lastSeen, Refusal refused, String error, boolean restoredFromState,
                           ServiceReport service) {
  public static final String TYPE = "status";

  /** What a device is doing; written lower-case on the wire (its {@link #label()}). */
  public enum State implements Choice {
    STARTING, DEPLOYING, RUNNING, REFUSED, TRAINING, FAILED;

    public String wire() {
      return label();
    }

    static State parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new WireException("unknown device state '" + s + "'");
      }
    }
  }

  /** The board's condition: its calibration, how programming went, errors seen. */
  public record Health(boolean calibrated, int stuckCells, String programming, int boardErrors, int badMessages) {
    JsonObject toJson() {
      return Header.nested().put("calibrated", calibrated).put("stuck_cells", stuckCells).put("programming", programming)
          .put("board_errors", boardErrors).put("bad_messages", badMessages).json();
    }

    static Health from(JsonObject o) {
      if (o == null) return new Health(false, 0, null, 0, 0);
      return new Health(Fields.bool(o, "calibrated"), (int) Fields.lng(o, "stuck_cells", 0), Fields.optStr(o, "programming"),
          (int) Fields.lng(o, "board_errors", 0), (int) Fields.lng(o, "bad_messages", 0));
    }
  }

  /** An artifact a device would not run, and why (one line). */
  public record Refusal(String sha256, long rollout, String reason) {
    JsonObject toJson() {
      return Header.nested().put("sha256", sha256).put("rollout", rollout).put("reason", reason).json();
    }
  }

  public JsonObject toJson() {
    return Header.typed(TYPE).put("device", device).put("group", group).put("state", state.wire()).put("artifact_sha256", artifactSha256)
        .put("rollout", rollout).put("answered_round", answeredRound).put("accuracy", accuracy).put("test_samples", testSamples)
        .put("train_samples", trainSamples).put("pulses", pulses).put("reads", reads).put("recalibrations", recalibrations)
        .put("health", health.toJson()).put("last_seen", lastSeen).put("refused", refused == null ? null : refused.toJson())
        .put("error", error).put("restored_from_state", restoredFromState).put("service", service == null ? null : service.toJson())
        .json();
  }

  public Envelope toEnvelope() {
    return Envelope.of(toJson());
  }

  public static DeviceStatus from(Envelope e) {
    Fields.expectType(e, TYPE);
    JsonObject h = e.header();
    JsonElement r = h.get("refused");
    Refusal refusal = r == null || !r.isJsonObject() ? null
        : new Refusal(Fields.str(r.getAsJsonObject(), "sha256"), Fields.lng(r.getAsJsonObject(), "rollout", 0),
            Fields.optStr(r.getAsJsonObject(), "reason"));
    JsonElement health = h.get("health"), service = h.get("service");
    return new DeviceStatus(Fields.name(h, "device"), Fields.optStr(h, "group"), State.parse(Fields.str(h, "state")),
        Fields.optStr(h, "artifact_sha256"), Fields.lng(h, "rollout", 0), Fields.lng(h, "answered_round", 0), Fields.dbl(h, "accuracy"),
        (int) Fields.lng(h, "test_samples", 0), (int) Fields.lng(h, "train_samples", 0), Fields.lng(h, "pulses", 0),
        Fields.lng(h, "reads", 0), (int) Fields.lng(h, "recalibrations", 0),
        Health.from(health != null && health.isJsonObject() ? health.getAsJsonObject() : null), Fields.optStr(h, "last_seen"), refusal,
        Fields.optStr(h, "error"), Fields.bool(h, "restored_from_state"),
        service != null && service.isJsonObject() ? ServiceReport.from(service.getAsJsonObject()) : null);
  }
}
