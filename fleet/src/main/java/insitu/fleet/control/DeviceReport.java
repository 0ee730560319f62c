package insitu.fleet.control;

import insitu.fleet.wire.DeviceStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** One device in a command's JSON: what it reported, plus (in a rollout or round) how it ended. */
final class DeviceReport {
  private DeviceReport() {}

  static Map<String, Object> of(FleetView.Device d, String outcome) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("online", d.online());
    if (outcome != null) m.put("outcome", outcome);
    DeviceStatus s = d.status();
    m.put("state", s == null ? null : s.state().wire());
    m.put("artifact_sha256", s == null ? null : s.artifactSha256());
    m.put("rollout", s == null ? null : s.rollout());
    m.put("answered_round", s == null ? null : s.answeredRound());
    m.put("accuracy", s == null ? null : s.accuracy());
    m.put("test_samples", s == null ? null : s.testSamples());
    m.put("train_samples", s == null ? null : s.trainSamples());
    m.put("pulses", s == null ? null : s.pulses());
    m.put("reads", s == null ? null : s.reads());
    m.put("recalibrations", s == null ? null : s.recalibrations());
    if (s != null) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("calibrated", s.health().calibrated());
      h.put("stuck_cells", s.health().stuckCells());
      h.put("programming", s.health().programming());
      h.put("board_errors", s.health().boardErrors());
      h.put("bad_messages", s.health().badMessages());
      m.put("health", h);
    }
    m.put("last_seen", s == null ? null : s.lastSeen());
    if (s != null && s.refused() != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("sha256", s.refused().sha256());
      r.put("rollout", s.refused().rollout());
      r.put("reason", s.refused().reason());
      m.put("refused", r);
    } else {
      m.put("refused", null);
    }
    m.put("error", s == null ? null : s.error());
    m.put("restored_from_state", s != null && s.restoredFromState());
    m.put("service", s == null || s.service() == null ? null : s.service().toJson());
    return m;
  }
}
