package insitu.fleet.control;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.artifact.Sha256;
import insitu.fleet.agent.ProtocolTest;
import insitu.fleet.agent.FleetAgent;
import insitu.fleet.link.MemoryBroker;
import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.Presence;
import insitu.fleet.wire.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller against an in-memory broker on a virtual clock: nobody waits for a device that never answers. */
class FleetControllerTest extends ProtocolTest {
  final VirtualClock clock = new VirtualClock();
  final Topics topics = new Topics("g");

  @Override protected int partBytes() {
    return 4000;
  }

  private FleetController controller(boolean results) {
    FleetController c = new FleetController(broker.link("ctl", null, null), "g", "ctl", clock);
    c.open(results);
    return c;
  }

  /** A device that is online but never does anything; optionally claiming to run an artifact. */
  private MemoryBroker.Link silent(String id, String runs) {
    var msgs = FleetAgent.linkMessages("g", id);
    var l = broker.link("c-" + id, msgs[0], msgs[1]);
    l.connect();
    if (runs != null)
      l.publish(topics.status(id), new DeviceStatus(id, "g", DeviceStatus.State.RUNNING, runs, 1, 0, 0.5, 1, 1, 0, 0, 0,
          new DeviceStatus.Health(false, 0, null, 0, 0), "2026-01-01T00:00:00Z", null, null, false, null).toEnvelope(), true);
    return l;
  }

  @Test
  void aDeviceThatNeverAnswersIsReportedAtTheDeadlineAndAnOfflineOneIsNotWaitedFor() {
    fx.agent(broker, "a1", 0, fx.config("a1"));
    fx.agent(broker, "a2", 1, fx.config("a2"));
    MemoryBroker.Link mute = silent("a9", null);
    try (FleetController c = controller(false)) {
      RolloutReport r = c.deploy(fx.signedA, Duration.ofSeconds(30));
      assertEquals(List.of("a1", "a2"), r.progress().running());
      assertEquals(List.of("a9"), r.progress().timedOut());
      assertFalse(r.converged());
      assertEquals(4, r.exitCode());
      assertTrue(clock.nanos() >= 30_000_000_000L && clock.waits() <= 31, "waited the virtual 30 s in 1 s steps, no more");

      mute.kill(); // its last will: offline
      RolloutReport again = c.deploy(fx.signedB, Duration.ofSeconds(30));
      assertTrue(again.converged());
      assertEquals(List.of("a9"), again.progress().offline());
      assertEquals(0, again.exitCode());
    }
  }

  @Test
  void anArtifactRefusedByAllLeavesTheGroupOnThePreviousOne() {
    fx.agent(broker, "b1", 2, fx.config("b1").toBuilder().verifyKey(fx.keys.getPublic()).build());
    fx.agent(broker, "b2", 3, fx.config("b2").toBuilder().verifyKey(fx.keys.getPublic()).build());
    try (FleetController c = controller(false)) {
      assertEquals(0, c.deploy(fx.signedA, Duration.ofSeconds(30)).exitCode());
      RolloutReport r = c.deploy(fx.tampered, Duration.ofSeconds(30));
      assertEquals(List.of("b1", "b2"), r.progress().refused());
      assertEquals(3, r.exitCode());
      assertEquals(Sha256.hex(fx.signedA), r.restored());
    }
    try (FleetController later = controller(false)) {
      var status = later.status();
      assertEquals(Sha256.hex(fx.signedA), status.deployment().sha256(), "a device joining now gets the signed model");
      for (var d : status.devices()) assertEquals(Sha256.hex(fx.signedA), d.artifactSha256());
    }
  }

  @Test
  void aRoundCombinesTheBoardsSignsAndRollsOutWithoutWaitingForASilentParticipant() {
    for (int i = 0; i < 3; i++) fx.agent(broker, "r" + i, 4 + i, fx.config("r" + i).toBuilder().verifyKey(fx.keys.getPublic()).build());
    try (FleetController c = controller(true)) {
      assertEquals(0, c.deploy(fx.signedA, Duration.ofSeconds(30)).exitCode());
    }
    silent("r9", Sha256.hex(fx.signedA));
    try (FleetController c = controller(true)) {
      RoundReport r = c.round(RoundOptions.of(1, Duration.ofSeconds(20)).withSigningKey(fx.keys.getPrivate()));
      assertEquals(3, r.devices().size());
      assertEquals(List.of("r9"), r.timedOut());
      assertTrue(r.rejected().isEmpty(), r.rejected().toString());
      assertEquals(List.of("r0", "r1", "r2"), r.rollout().progress().running(), "signed, so devices with the key run it");
      assertNotEquals(Sha256.hex(fx.signedA), r.rollout().artifactSha256());
      assertTrue(Double.isFinite(r.accuracyBefore()) && Double.isFinite(r.accuracyAfter()));
      assertNull(broker.retained(topics.round()), "the round request is cleared when the round ends");
      assertEquals(4, r.exitCode(), "the silent device does not run the new model either");
    }
  }

  @Test
  void statusListsOfflineDevicesWithTheirLastModel() {
    fx.agent(broker, "s1", 7, fx.config("s1"));
    try (FleetController c = controller(false)) {
      c.deploy(fx.signedA, Duration.ofSeconds(30));
    }
    broker.inject(topics.presence("s1"), new Presence("s1", false).toEnvelope().encode(), true);
    try (FleetController c = controller(false)) {
      var status = c.status();
      assertEquals(0, status.online());
      var d = status.devices().get(0);
      assertFalse(d.online());
      assertEquals(Sha256.hex(fx.signedA), d.artifactSha256());
    }
  }
}
