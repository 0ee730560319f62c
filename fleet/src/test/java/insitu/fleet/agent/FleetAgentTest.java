package insitu.fleet.agent;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.artifact.Sha256;
import insitu.fleet.wire.Deployment;
import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.DeviceStatus.State;
import insitu.fleet.wire.RoundRequest;
import insitu.fleet.wire.RoundResult;
import insitu.fleet.wire.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device protocol against an in-memory broker: repeats, reordering, stale messages, refusals, restarts, rounds. */
class FleetAgentTest extends ProtocolTest {
  @TempDir Path tmp;
  final Topics topics = new Topics("g");

  @Override protected int partBytes() {
    return 1000; // artifacts (~10 kB) travel in parts
  }

  private void deploy(long rollout, byte[] artifact) {
    broker.inject(topics.deploy(), Deployment.of(rollout, artifact, 0, 0).toEnvelope().encode(), true);
  }

  private void deployInParts(long rollout, byte[] artifact) {
    var c = broker.link("controller", null, null);
    c.connect();
    c.publish(topics.deploy(), Deployment.of(rollout, artifact, 0, 0).toEnvelope(), true);
    c.close();
  }

  @Test
  void repeatedStaleAndReorderedDeploymentsDoNoHarm() {
    FleetAgent a = fx.agent(broker, "d1", 0, fx.config("d1"));
    deployInParts(10, fx.signedA);
    DeviceStatus s = a.status();
    assertEquals(State.RUNNING, s.state());
    assertEquals(Sha256.hex(fx.signedA), s.artifactSha256());
    long pulses = s.pulses();
    deploy(10, fx.signedA); // a QoS 1 duplicate
    assertEquals(pulses, a.status().pulses(), "an artifact already on the board is not programmed again");
    deploy(20, fx.signedB);
    assertEquals(Sha256.hex(fx.signedB), a.status().artifactSha256());
    deploy(15, fx.signedA); // an older rollout arriving late
    assertEquals(Sha256.hex(fx.signedB), a.status().artifactSha256());
    assertEquals(20, a.status().rollout());
    deploy(30, fx.signedB); // a newer rollout of what runs: only the id moves
    assertEquals(30, a.status().rollout());
    assertEquals(Sha256.hex(fx.signedB), a.status().artifactSha256());
  }

  @Test
  void withAKeyUnsignedAndTamperedArtifactsAreRefusedAndTheSignedOneKeepsRunning() {
    FleetAgent a = fx.agent(broker, "d2", 1, fx.config("d2").toBuilder().verifyKey(fx.keys.getPublic()).build());
    deploy(1, fx.signedA);
    assertEquals(Sha256.hex(fx.signedA), a.status().artifactSha256());
    double accuracy = a.status().accuracy();
    deploy(2, fx.unsigned);
    DeviceStatus s = a.status();
    assertEquals(State.REFUSED, s.state());
    assertEquals(Sha256.hex(fx.signedA), s.artifactSha256(), "keeps the signed model");
    assertTrue(s.refused().reason().contains("not signed"), s.refused().reason());
    deploy(3, fx.tampered);
    assertEquals(Sha256.hex(fx.tampered), a.status().refused().sha256());
    assertEquals(accuracy, a.status().accuracy());
    deploy(4, fx.signedB);
    assertEquals(State.RUNNING, a.status().state());
    assertEquals(Sha256.hex(fx.signedB), a.status().artifactSha256());
  }

  @Test
  void aRestartComesBackOnTheSavedModelWithoutTheBroker() {
    AgentConfig c = fx.config("d3").toBuilder().stateDir(tmp.resolve("d3")).build();
    FleetAgent a = fx.agent(broker, "d3", 2, c);
    deploy(5, fx.signedB);
    double accuracy = a.status().accuracy();
    a.close();
    broker.inject(topics.deploy(), new byte[0], true); // the group's deployment is gone from the broker
    FleetAgent b = fx.agent(broker, "d3", 2, c);
    DeviceStatus s = b.status();
    assertEquals(State.RUNNING, s.state());
    assertTrue(s.restoredFromState());
    assertEquals(Sha256.hex(fx.signedB), s.artifactSha256());
    assertEquals(5, s.rollout());
    assertEquals(accuracy, s.accuracy(), 0.05, "the same model, programmed again");
  }

  @Test
  void aRoundIsAnsweredOnceAndOnlyOnItsBase() {
    FleetAgent a = fx.agent(broker, "d4", 3, fx.config("d4"));
    var results = new java.util.ArrayList<RoundResult>();
    var watch = broker.link("watch", null, null);
    watch.subscribe(topics.result("d4"), true);
    watch.onMessage((t, m) -> results.add(RoundResult.from(m)));
    watch.connect();
    String base = Sha256.hex(fx.signedA);
    broker.inject(topics.round(), new RoundRequest(7, base, 1).toEnvelope().encode(), true); // before its base arrives
    assertTrue(results.isEmpty());
    deploy(6, fx.signedA);
    assertEquals(1, results.size());
    RoundResult r = results.get(0);
    assertEquals(7, r.round());
    assertEquals(base, r.baseSha256());
    assertEquals(400, r.samples());
    assertEquals(7, a.status().answeredRound());
    long pulses = a.status().pulses();
    broker.inject(topics.round(), new RoundRequest(7, base, 1).toEnvelope().encode(), true); // repeated
    broker.inject(topics.round(), new RoundRequest(8, Sha256.hex(fx.signedB), 1).toEnvelope().encode(), true); // another base
    assertEquals(pulses, a.status().pulses(), "no second fine-tune");
    assertEquals(1, results.size());
    assertEquals(7, a.status().answeredRound());
  }

  @Test
  void malformedMessagesAreCountedAndIgnored() {
    FleetAgent a = fx.agent(broker, "d5", 4, fx.config("d5"));
    broker.inject(topics.deploy(), "{\"type\":\"deploy\",\"rollout\":1}".getBytes(), true);
    broker.inject(topics.round(), "nonsense".getBytes(), true);
    deploy(2, fx.signedA);
    assertEquals(Sha256.hex(fx.signedA), a.status().artifactSha256());
    assertTrue(a.status().health().badMessages() >= 1);
  }
}
