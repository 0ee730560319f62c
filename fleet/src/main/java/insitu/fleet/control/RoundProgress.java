package insitu.fleet.control;

import insitu.fleet.wire.RoundResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a round stands: which of the devices asked to take part have reported on it, which are
 * still training, and which went offline (not waited for once their grace has passed).
 */
public record RoundProgress(List<RoundResult> answered, List<String> pending, List<String> offline, boolean deadlinePassed) {

  public static RoundProgress of(FleetView.Snapshot view, long round, Set<String> participants, long nowNanos, long graceNanos,
                                 boolean deadlinePassed) {
    List<RoundResult> answered = new ArrayList<>();
    List<String> pending = new ArrayList<>(), offline = new ArrayList<>();
    for (FleetView.Device d : view.devices()) {
      if (!participants.contains(d.id())) continue;
      if (d.result() != null && d.result().round() == round) answered.add(d.result());
      else if (d.gone(nowNanos, graceNanos)) offline.add(d.id());
      else pending.add(d.id());
    }
    return new RoundProgress(answered, pending, offline, deadlinePassed);
  }

  public boolean done() {
    return pending.isEmpty() || deadlinePassed;
  }

  public List<String> timedOut() {
    return deadlinePassed ? pending : List.of();
  }
}
