package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import insitu.compiler.artifact.SigningKeys;
import insitu.fleet.BrokerAddress;
import insitu.fleet.BrokerLogin;
import insitu.fleet.agent.FleetSimulation;
import insitu.fleet.link.ClientThreads;
import insitu.fleet.link.LinkSettings;
import insitu.fleet.link.PahoLink;
import insitu.fleet.wire.DeviceStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker faults against a real Mosquitto: a restart in the middle of a rollout, wrong and missing brokers. */
class FleetFaultsTest {
  static final String GROUP = "line";
  static final int DEVICES = 8;
  @TempDir Path tmp;

  @Test
  void aRolloutCompletesThroughABrokerRestart() throws Exception {
    Path key = tmp.resolve("key.pem"), pub = tmp.resolve("pub.pem"), model = tmp.resolve("cnn.xbar"), ctlPw = tmp.resolve("c.pw"),
        devPw = tmp.resolve("d.pw");
    SigningKeys.write(SigningKeys.generate(), key, pub);
    assertEquals(0, CliRun.of("compile", FleetScenarioTest.ONNX, "--target", "sim:realistic", "-o", model.toString(), "--sign", key.toString())
        .exit());
    Files.writeString(ctlPw, "c-secret\n");
    Files.writeString(devPw, "d-secret\n");
    Map<String, String> users = new LinkedHashMap<>();
    users.put("controller", "c-secret");
    for (int i = 0; i < DEVICES; i++) users.put(String.format("dev-%04d", i), "d-secret");
    try (MosquittoBroker broker = MosquittoBroker.start(users, GROUP);
         FleetSimulation fleet = new FleetSimulation(new FleetSimulation.Config(BrokerAddress.parse(broker.url()), BrokerLogin.of("{id}", devPw),
             GROUP, DEVICES, "sim:realistic", "mnist8", SigningKeys.readPublic(pub), null, Duration.ofSeconds(5), "dev", null));
         ClientThreads threads = new ClientThreads("watch");
         PahoLink watch = new PahoLink(BrokerAddress.parse(broker.url()), BrokerLogin.of("controller", ctlPw), LinkSettings.controller("watch"),
             threads)) {
      fleet.start();
      CountDownLatch deploying = new CountDownLatch(1);
      watch.subscribe("insitu/" + GROUP + "/device/+/status", false);
      watch.onMessage((t, m) -> {
        if (m != null && DeviceStatus.from(m).state() == DeviceStatus.State.DEPLOYING) deploying.countDown();
      });
      watch.connect();
      List<CliRun> out = new ArrayList<>();
      Thread t = new Thread(() -> out.add(CliRun.of("fleet", "deploy", "--broker", broker.url(), "--group", GROUP, "--username", "controller",
          "--password-file", ctlPw.toString(), "--model", model.toString(), "--timeout", "240", "--json")));
      t.start();
      assertTrue(deploying.await(240, TimeUnit.SECONDS), "a device started deploying");
      broker.restart();
      t.join(TimeUnit.SECONDS.toMillis(480));
      CliRun r = out.get(0);
      assertEquals(0, r.exit(), r.out() + r.err());
      assertEquals(DEVICES, r.json().get("running").getAsInt());
      for (JsonElement d : r.json().getAsJsonArray("devices")) assertEquals("running", d.getAsJsonObject().get("outcome").getAsString());
      assertTrue(fleet.clientThreads() <= 3 * DEVICES + 2, "three loops per client and one shared timer: " + fleet.clientThreads());
    }
  }

  @Test
  void aBrokerThatIsNotThereIsOneLineAndExitFour() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r = CliRun.of("fleet", "status", "--broker", "mqtt://127.0.0.1:" + port, "--group", GROUP, "--json");
    assertEquals(4, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("cannot connect to the broker at mqtt://127.0.0.1:" + port), r.err());
    CliRun usage = CliRun.of("fleet", "status", "--broker", "http://x", "--group", GROUP);
    assertEquals(2, usage.exit(), usage.err());
    CliRun group = CliRun.of("fleet", "status", "--broker", "mqtt://127.0.0.1:" + port, "--group", "a/b");
    assertEquals(2, group.exit(), group.err());
  }

  @Test
  void aDeviceWithAWrongPasswordStopsWithOneLineAndExitFour() throws Exception {
    Path pw = tmp.resolve("wrong.pw");
    Files.writeString(pw, "nope\n");
    try (MosquittoBroker broker = MosquittoBroker.start(Map.of("controller", "c", "dev-0000", "right"), GROUP)) {
      // fleet agent is serve --fleet: the service's own start and stop lines come with the error, which is one line.
      CliRun r = CliRun.of("fleet", "agent", "--broker", broker.url(), "--group", GROUP, "--device", "dev-0000", "--board", "sim", "--port", "0",
          "--username", "dev-0000", "--password-file", pw.toString());
      assertEquals(4, r.exit(), r.err());
      assertEquals(1, r.err().lines().filter(l -> l.contains("refused the login of user 'dev-0000'")).count(), r.err());
      assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), r.err());
    }
  }
}
