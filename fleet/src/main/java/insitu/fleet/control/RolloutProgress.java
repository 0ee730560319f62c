package insitu.fleet.control;

import insitu.fleet.wire.DeviceStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rollout stands, from a view of the group: which online devices run the artifact ({@code running}) (with
 * this rollout or a later one), which refused it, which are still at it, and which are offline (not
 * waited for, once a grace has passed: a broker restart takes every device away for a moment).
 * Done when nobody is still at it; past the deadline the rest have timed out.
 */
public record RolloutProgress(List<String> running, List<String> refused, List<String> pending, List<String> offline,
                              boolean deadlinePassed) {

  /** @param offlineAtStart devices that were offline when the rollout began: not waited for at all */
  public static RolloutProgress of(FleetView.Snapshot view, String sha256, long rollout, java.util.Set<String> offlineAtStart, long nowNanos,
                                   long graceNanos, boolean deadlinePassed) {
    List<String> running = new ArrayList<>(), refused = new ArrayList<>(), pending = new ArrayList<>(), offline = new ArrayList<>();
    for (FleetView.Device d : view.devices()) {
      DeviceStatus s = d.status();
      if (!d.online() && offlineAtStart.contains(d.id()) || d.gone(nowNanos, graceNanos)) offline.add(d.id());
      else if (s != null && sha256.equals(s.artifactSha256()) && s.rollout() >= rollout) running.add(d.id());
      else if (s != null && s.refused() != null && sha256.equals(s.refused().sha256()) && s.refused().rollout() >= rollout) refused.add(d.id());
      else pending.add(d.id());
    }
    return new RolloutProgress(running, refused, pending, offline, deadlinePassed);
  }

  /** Nothing left to wait for: every online device answered, or time is up. */
  public boolean done() {
    return pending.isEmpty() || deadlinePassed;
  }

  /** Every online device runs the artifact. */
  public boolean converged() {
    return pending.isEmpty() && refused.isEmpty();
  }

  /** Devices that never answered before the deadline. */
  public List<String> timedOut() {
    return deadlinePassed ? pending : List.of();
  }
}
