package insitu.fleet.serve;

import insitu.fleet.agent.FleetAgent;
import insitu.fleet.wire.DeviceStatus;
import insitu.service.metrics.MetricsSource;
import insitu.service.metrics.PrometheusText;
import java.util.LinkedHashMap;
import java.util.Map;

/** The device agent's part of the service's {@code GET /metrics}: its link, what it runs, how it went. */
final class FleetMetrics implements MetricsSource {
  private final FleetAgent agent;

  FleetMetrics(FleetAgent agent) {
    this.agent = agent;
  }

  @Override public void render(PrometheusText t) {
    DeviceStatus s = agent.status();
    t.family("insitu_fleet_connected", "gauge", "1 while the device's link to the fleet's broker is up.")
        .sample("insitu_fleet_connected", agent.connected() ? 1 : 0);
    Map<String, String> info = new LinkedHashMap<>();
    info.put("group", s.group());
    info.put("device", s.device());
    info.put("state", s.state().wire());
    info.put("artifact_sha256", s.artifactSha256() == null ? "" : s.artifactSha256());
    t.family("insitu_fleet_info", "gauge", "Always 1; the labels say which group and device this is, its state and the artifact it runs.")
        .sample("insitu_fleet_info", info, 1);
    t.family("insitu_fleet_rollout", "gauge", "Rollout id of the deployment the device runs (0 before the first).")
        .sample("insitu_fleet_rollout", s.rollout());
    t.family("insitu_fleet_answered_round", "gauge", "Last federated round the device reported on.").sample("insitu_fleet_answered_round", s.answeredRound());
    t.family("insitu_fleet_accuracy", "gauge", "Accuracy on the device's local labelled test samples (NaN without any).")
        .sample("insitu_fleet_accuracy", s.accuracy());
    t.family("insitu_fleet_refused", "gauge", "1 when the last deployment was refused (signature, corrupt, does not fit); the old model keeps running.")
        .sample("insitu_fleet_refused", s.state() == DeviceStatus.State.REFUSED ? 1 : 0);
    t.family("insitu_fleet_bad_messages_total", "counter", "Malformed messages the device dropped.")
        .sample("insitu_fleet_bad_messages_total", s.health().badMessages());
    t.family("insitu_fleet_board_errors_total", "counter", "Deployments, rounds or restores that failed on the board.")
        .sample("insitu_fleet_board_errors_total", s.health().boardErrors());
  }
}
