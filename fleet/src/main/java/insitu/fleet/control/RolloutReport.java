package insitu.fleet.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a rollout ended. Exit code: 0 when every online device runs the artifact, 3 when any refused
 * it (its reason is in the device's entry), 4 when any did not answer in time.
 *
 * @param restored when every answering device refused, the group's deployment was put back to this
 *     artifact (the one they run), so devices that join later get it instead; else null
 */
public record RolloutReport(String artifactSha256, long rollout, RolloutProgress progress, List<DeviceReport> devices,
                            String restored, double seconds) {

  public boolean converged() {
    return progress.converged();
  }

  public int exitCode() {
    if (!progress.refused().isEmpty()) return 3;
    if (!progress.timedOut().isEmpty()) return 4;
    return 0;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact_sha256", artifactSha256);
    m.put("rollout", rollout);
    m.put("converged", converged());
    m.put("refused", progress.refused());
    m.put("timed_out", progress.timedOut());
    m.put("offline", progress.offline());
    m.put("running", progress.running().size());
    m.put("restored_sha256", restored);
    m.put("seconds", seconds);
    m.put("devices", devices);
    return m;
  }

  /** One line for people. */
  public String summary() {
    String s = String.format("%s: %d device(s) run it, %d refused, %d timed out, %d offline, in %.1f s", artifactSha256.substring(0, 12),
        progress.running().size(), progress.refused().size(), progress.timedOut().size(), progress.offline().size(), seconds);
    return restored == null ? s : s + "; the group's deployment is back on " + restored.substring(0, 12);
  }
}
