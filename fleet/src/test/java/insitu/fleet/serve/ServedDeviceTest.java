package insitu.fleet.serve;

import insitu.testing.Polling;
import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Board;
import insitu.compiler.artifact.Sha256;
import insitu.fleet.agent.AgentConfig;
import insitu.fleet.agent.DeviceData;
import insitu.fleet.agent.FleetAgent;
import insitu.fleet.agent.Fixture;
import insitu.fleet.agent.ProtocolTest;
import insitu.fleet.wire.Deployment;
import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.DeviceStatus.State;
import insitu.fleet.wire.RoundRequest;
import insitu.fleet.wire.Topics;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.service.EventLog;
import insitu.service.InferenceServer;
import insitu.service.ModelLoader;
import insitu.service.ServiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device inside the edge service, against an in-memory broker: rollouts replace the served
 * model, refused ones leave it serving, rounds fine-tune the served model on the service's board
 * thread, the status carries the service and the metrics the fleet, and a restart takes over the
 * service's saved state instead of programming the board again.
 */
class ServedDeviceTest extends ProtocolTest {
  /** A guard against a hang, never an assertion on speed. */
  private static final long GUARD_SECONDS = 120;
  private final Topics topics = new Topics("g");
  @TempDir Path tmp;

  @Override protected int partBytes() {
    return 4000;
  }

  /** A service (empty or resumed from {@code state}) and its device on one board, started. */
  private final class Served implements AutoCloseable {
    final Board board = Insitu.board("sim", 1);
    final DeployedModel resumed;
    final InferenceServer server;
    final ServedDevice device;

    Served(Path state) {
      resumed = ModelLoader.resume(state, board, EventLog.NONE);
      server = InferenceServer.start(resumed, new ServiceConfig("127.0.0.1", 0, "g", ServiceConfig.Limits.defaults(), state, null, null),
          InstantSource.system(), EventLog.NONE);
      AgentConfig config = AgentConfig.builder("g", "d1").verifyKey(fx.keys.getPublic()).heartbeat(java.time.Duration.ofHours(1))
          .stateDir(state == null ? null : state.resolve("fleet")).build();
      var messages = FleetAgent.linkMessages("g", "d1");
      device = new ServedDevice(server, resumed, board, config, DeviceData.shard(Fixture.DIGITS, 0, 20), broker.link("c-d1", messages[0],
          messages[1]), null);
      device.start();
    }

    DeviceStatus await(Predicate<DeviceStatus> ok) throws InterruptedException {
      if (!Polling.until(() -> ok.test(device.agent().status()), (int) (GUARD_SECONDS * 50), 20))
        fail("the device did not get there: " + device.agent().status());
      return device.agent().status();
    }

    String get(String path) throws Exception {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override public void close() {
      device.close();
      server.close();
      if (server.model() != null) server.model().close();
      if (resumed != null) resumed.close();
      board.close();
    }
  }

  private void deploy(long rollout, byte[] artifact) {
    broker.inject(topics.deploy(), Deployment.of(rollout, artifact, 0, 0).toEnvelope().encode(), true);
  }

  @Test
  void rolloutsReplaceTheServedModelRefusalsLeaveItAndRoundsRunOnTheServicesBoardThread() throws Exception {
    try (Served s = new Served(null)) {
      String a = Sha256.hex(fx.signedA);
      assertFalse(s.server.status().ready(), "no model before the first deployment");
      deploy(1, fx.signedA);
      DeviceStatus st = s.await(d -> a.equals(d.artifactSha256()) && d.state() == State.RUNNING);
      assertTrue(s.server.status().ready());
      assertSame(s.device.agent().model(), s.server.model(), "the service serves the model the device put on the board");
      assertTrue(s.server.status().model().endsWith(a + ".xbar"), s.server.status().model());
      assertEquals("g", st.service().name());

      deploy(2, fx.tampered);
      st = s.await(d -> d.state() == State.REFUSED);
      assertEquals(Sha256.hex(fx.tampered), st.refused().sha256());
      assertTrue(s.server.status().model().endsWith(a + ".xbar"), "the signed model keeps being served");
      String metrics = s.get("/metrics");
      assertTrue(metrics.contains("\ninsitu_fleet_connected 1\n"), metrics);
      assertTrue(metrics.contains("insitu_fleet_info{group=\"g\",device=\"d1\",state=\"refused\",artifact_sha256=\"" + a + "\"} 1"), metrics);
      assertTrue(metrics.contains("\ninsitu_fleet_refused 1\n"), metrics);

      long learnedBefore = s.server.status().learnedSamples();
      broker.inject(topics.round(), new RoundRequest(7, a, 1).toEnvelope().encode(), true);
      st = s.await(d -> d.answeredRound() == 7 && d.state() != State.TRAINING);
      assertEquals(learnedBefore + 400, s.server.status().learnedSamples(), "the round fine-tuned the served model (400 local samples)");
      assertEquals(s.server.status().learnedSamples(), s.device.agent().status().service().learnedSamples());
      assertNotNull(broker.retained(topics.result("d1")), "and the device reported on it");
    }
  }

  @Test
  void aRestartTakesOverTheServicesSavedStateAndTheModelThatRunsIsTheTruth() throws Exception {
    Path state = tmp.resolve("state");
    String a = Sha256.hex(fx.signedA), b = Sha256.hex(fx.signedB);
    long pulses;
    Path fleetDir = state.resolve("fleet"), withA = tmp.resolve("fleet-with-a");
    try (Served s = new Served(state)) {
      deploy(3, fx.signedA);
      pulses = s.await(d -> a.equals(d.artifactSha256())).pulses();
    }
    copyTree(fleetDir, withA);
    try (Served s = new Served(state)) {
      DeviceStatus st = s.await(d -> d.restoredFromState());
      assertEquals(a, st.artifactSha256());
      assertEquals(3, st.rollout());
      assertEquals(State.RUNNING, st.state());
      assertEquals(pulses, st.pulses(), "taken over as saved: nothing programmed again");
      assertTrue(s.server.status().ready());
      deploy(4, fx.signedB);
      s.await(d -> b.equals(d.artifactSha256()));
    }
    // A crash after the service saved B but before the device wrote that it runs B: its files still name A.
    Path stagedB = tmp.resolve("b.xbar");
    Files.copy(fleetDir.resolve("artifacts/" + b + ".xbar"), stagedB);
    deleteTree(fleetDir);
    copyTree(withA, fleetDir);
    Files.copy(stagedB, fleetDir.resolve("artifacts/" + b + ".xbar"));
    broker.inject(topics.deploy(), new byte[0], true);
    try (Served s = new Served(state)) {
      DeviceStatus st = s.await(d -> d.restoredFromState());
      assertEquals(b, st.artifactSha256(), "the served state holds B, whatever state.json said");
      assertEquals(3, st.rollout(), "with the rollout id it knew, so the group's deployment of B only moves the id");
      long restored = st.pulses();
      deploy(4, fx.signedB);
      st = s.await(d -> d.rollout() == 4);
      assertEquals(b, st.artifactSha256());
      assertEquals(restored, st.pulses(), "B was not programmed again");
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) Files.copy(p, to.resolve(from.relativize(p).toString()));
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
