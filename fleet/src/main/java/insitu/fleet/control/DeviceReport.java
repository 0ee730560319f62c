package insitu.fleet.control;

import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.ServiceReport;
import java.util.Optional;

/**
 * One device in a command's JSON: what it last reported (each of those keys null for a device
 * that has reported nothing yet), plus, in a rollout, how it ended.
 *
 * @param outcome in a rollout: running, refused, timed_out, pending or offline
 * @param health present once the device has reported
 * @param refused the last artifact it refused, or null
 * @param service the edge service's counters when the device serves its model, or null
 */
public record DeviceReport(String id, boolean online, Optional<String> outcome, DeviceStatus.State state, String artifactSha256, Long rollout,
                           Long answeredRound, Double accuracy, Integer testSamples, Integer trainSamples, Long pulses, Long reads,
                           Integer recalibrations, Optional<DeviceStatus.Health> health, String lastSeen, DeviceStatus.Refusal refused,
                           String error, boolean restoredFromState, ServiceReport service) {

  static DeviceReport of(FleetView.Device d, String outcome) {
    DeviceStatus s = d.status();
    Optional<String> how = Optional.ofNullable(outcome);
    if (s == null)
      return new DeviceReport(d.id(), d.online(), how, null, null, null, null, null, null, null, null, null, null, Optional.empty(), null,
          null, null, false, null);
    return new DeviceReport(d.id(), d.online(), how, s.state(), s.artifactSha256(), s.rollout(), s.answeredRound(), s.accuracy(),
        s.testSamples(), s.trainSamples(), s.pulses(), s.reads(), s.recalibrations(), Optional.of(s.health()), s.lastSeen(), s.refused(),
        s.error(), s.restoredFromState(), s.service());
  }
}
