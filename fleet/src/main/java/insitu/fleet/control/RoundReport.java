package insitu.fleet.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a round ended: mean device accuracy on the base model before the local fine-tuning and on
 * the new model after it was rolled out and adapted, over the devices that took part in both.
 * Exit code: the rollout's, or 4 when no device answered.
 */
public record RoundReport(long round, String baseSha256, Aggregation aggregation, double accuracyBefore, double accuracyAfter,
                          List<Contribution> devices, List<String> timedOut, List<String> offline, Map<String, String> rejected,
                          RolloutReport rollout, double seconds) {

  /**
   * A device whose fine-tuned weights went into the new model.
   *
   * @param accuracyBefore on the base model, before its local fine-tuning
   * @param accuracyLocal after its local fine-tuning
   * @param accuracyAfter on the new model once it runs it, or null when it does not
   */
  public record Contribution(String id, int samples, double accuracyBefore, double accuracyLocal, Double accuracyAfter) {}

  public int exitCode() {
    return rollout == null ? 4 : rollout.exitCode();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", round);
    m.put("base_sha256", baseSha256);
    m.put("aggregation", aggregation.wire());
    m.put("accuracy_before", accuracyBefore);
    m.put("accuracy_after", accuracyAfter);
    m.put("artifact_sha256", rollout == null ? null : rollout.artifactSha256());
    m.put("contributors", devices.size());
    m.put("timed_out", timedOut);
    m.put("offline", offline);
    m.put("rejected", rejected);
    m.put("rollout", rollout == null ? null : rollout.toJson());
    m.put("seconds", seconds);
    m.put("devices", devices);
    return m;
  }

  public String summary() {
    return String.format("round %d: %d device(s) contributed, mean accuracy %.2f%% -> %.2f%%; %s", round, devices.size(), 100 * accuracyBefore,
        100 * accuracyAfter, rollout == null ? "no new model" : rollout.summary());
  }
}
