package insitu.fleet.control;

import static org.junit.jupiter.api.Assertions.*;

import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.Presence;
import insitu.fleet.wire.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Who a rollout waits for, on a clock the test moves. */
class RolloutProgressTest {
  static final String SHA = "a".repeat(64), OLD = "b".repeat(64);
  static final long GRACE = 60_000_000_000L;
  final Topics topics = new Topics("g");
  final AtomicLong now = new AtomicLong();
  final FleetView view = new FleetView(topics, now::get);

  private void presence(String id, boolean online) {
    view.accept(topics.presence(id), new Presence(id, online).toEnvelope());
  }

  private void status(String id, String sha, long rollout, DeviceStatus.Refusal refused) {
    view.accept(topics.status(id), new DeviceStatus(id, "g", DeviceStatus.State.RUNNING, sha, rollout, 0, 0.9, 1, 1, 0, 0, 0,
        new DeviceStatus.Health(true, 0, null, 0, 0), "t", refused, null, false, null).toEnvelope());
  }

  private RolloutProgress progress(Set<String> offlineAtStart, boolean deadline) {
    return RolloutProgress.of(view.snapshot(), SHA, 10, offlineAtStart, now.get(), GRACE, deadline);
  }

  @Test
  void aDeviceThatDropsOffMidRolloutIsWaitedForUntilItsGraceEnds() {
    for (String id : List.of("a", "b", "c", "d")) presence(id, true);
    status("a", SHA, 10, null);
    status("b", SHA, 9, null); // runs it, but has not seen this rollout yet
    status("c", OLD, 5, new DeviceStatus.Refusal(SHA, 10, "signature does not verify"));
    status("d", OLD, 5, null);
    RolloutProgress p = progress(Set.of(), false);
    assertEquals(List.of("a"), p.running());
    assertEquals(List.of("c"), p.refused());
    assertEquals(List.of("b", "d"), p.pending());
    assertFalse(p.done());

    now.set(1_000);
    presence("d", false); // e.g. the broker restarts
    assertEquals(List.of("b", "d"), progress(Set.of(), false).pending());
    now.set(1_000 + GRACE);
    RolloutProgress later = progress(Set.of(), false);
    assertEquals(List.of("d"), later.offline());
    assertEquals(List.of("b"), later.pending());

    RolloutProgress end = progress(Set.of(), true);
    assertTrue(end.done());
    assertEquals(List.of("b"), end.timedOut());
    assertFalse(end.converged());
  }

  @Test
  void devicesOfflineWhenTheRolloutStartsAreNotWaitedFor() {
    presence("a", true);
    status("a", SHA, 10, null);
    presence("z", false);
    status("z", OLD, 1, null);
    RolloutProgress p = progress(Set.of("z"), false);
    assertTrue(p.done());
    assertTrue(p.converged());
    assertEquals(List.of("z"), p.offline());
  }
}
