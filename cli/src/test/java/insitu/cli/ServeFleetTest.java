package insitu.cli;

import static insitu.cli.FleetScenarioTest.awaitStatus;
import static insitu.cli.FleetScenarioTest.fleet;
import static insitu.cli.FleetScenarioTest.online;
import static insitu.cli.FleetScenarioTest.str;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.boards.Board;
import insitu.compiler.artifact.Sha256;
import insitu.compiler.artifact.SigningKeys;
import insitu.sdk.DeployOptions;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.data.Dataset;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code insitu serve --fleet} as a process against a real Mosquitto that requires passwords: the
 * device starts empty (not ready), a signed rollout makes the HTTP model the new one (metadata,
 * and outputs equal to the artifact deployed the same way in this JVM), a tampered one is refused
 * while the signed one keeps serving, the device takes part in a federated round, and after
 * SIGKILL and a restart with the same --state it serves the round's model again, bit for bit.
 */
class ServeFleetTest {
  static final String GROUP = "line", DEVICE = "dev-0000";
  static final Dataset TEST = Insitu.data("mnist8").test();
  @TempDir Path tmp;

  @Test
  void aServedDeviceFollowsRolloutsRefusesTamperingJoinsARoundAndComesBackAfterSigkill() throws Exception {
    Path key = tmp.resolve("key.pem"), pub = tmp.resolve("pub.pem"), signed = tmp.resolve("cnn.xbar"), tampered = tmp.resolve("bad.xbar");
    SigningKeys.write(SigningKeys.generate(), key, pub);
    CliRun compile = CliRun.of("compile", FleetScenarioTest.ONNX, "--target", "sim", "-o", signed.toString(), "--sign", key.toString());
    assertEquals(0, compile.exit(), compile.err());
    Files.write(tampered, FleetScenarioTest.oneByteChangedInAnEntry(Files.readAllBytes(signed)));
    String signedSha = Sha256.hex(Files.readAllBytes(signed));
    Path ctlPw = tmp.resolve("c.pw"), devPw = tmp.resolve("d.pw");
    Files.writeString(ctlPw, "c-secret\n");
    Files.writeString(devPw, "d-secret\n");
    Map<String, String> users = new LinkedHashMap<>();
    users.put("controller", "c-secret");
    users.put(DEVICE, "d-secret");

    try (MosquittoBroker broker = MosquittoBroker.start(users, GROUP)) {
      List<String> ctl = List.of("--broker", broker.url(), "--group", GROUP, "--username", "controller", "--password-file", ctlPw.toString());
      List<String> serve = List.of("serve", "--fleet", broker.url(), "--group", GROUP, "--device", DEVICE, "--username", DEVICE,
          "--password-file", devPw.toString(), "--verify-key", pub.toString(), "--board", "sim", "--port", "0", "--state",
          tmp.resolve("state").toString(), "--checkpoint-every", "3600", "--data", "mnist8", "--shard", "0/20");
      ChildCli device = ChildCli.start(serve, tmp.resolve("first.log"));
      try {
        int port = device.port();
        awaitStatus(ctl, s -> online(s) == 1);
        assertEquals(400, ServeCommandTest.get(port, "/v2/health/ready").statusCode(), "no model before the first deployment");
        assertEquals(503, ServeCommandTest.get(port, "/v2/models/" + GROUP).statusCode());

        // A signed rollout: the HTTP model is the new one.
        CliRun deploy = fleet(ctl, "deploy", "--model", signed.toString(), "--timeout", "240", "--json");
        assertEquals(0, deploy.exit(), deploy.out() + deploy.err());
        assertEquals(200, ServeCommandTest.get(port, "/v2/health/ready").statusCode());
        JsonObject meta = JsonParser.parseString(ServeCommandTest.get(port, "/v2/models/" + GROUP).body()).getAsJsonObject();
        assertEquals("output", meta.getAsJsonArray("outputs").get(0).getAsJsonObject().get("name").getAsString(), meta.toString());
        String served = infer(port);
        assertEquals(reference(signed), served, "the outputs of the artifact, calibrated and programmed as the device does");
        String metrics = ServeCommandTest.get(port, "/metrics").body();
        assertTrue(metrics.contains("\ninsitu_fleet_connected 1\n"), metrics);
        assertTrue(metrics.contains("artifact_sha256=\"" + signedSha + "\""), metrics);

        // A tampered copy: refused, the signed model keeps serving.
        CliRun bad = fleet(ctl, "deploy", "--model", tampered.toString(), "--timeout", "240", "--json");
        assertEquals(3, bad.exit(), bad.out() + bad.err());
        assertEquals(List.of(DEVICE), List.of(bad.json().getAsJsonArray("refused").get(0).getAsString()), bad.out());
        assertEquals(signedSha, bad.json().get("restored_sha256").getAsString(), "the group's deployment is the signed one again");
        JsonObject d = device(awaitStatus(ctl, s -> device(s).get("refused") != null && device(s).get("refused").isJsonObject()));
        assertEquals(signedSha, str(d, "artifact_sha256"));
        assertEquals(Sha256.hex(Files.readAllBytes(tampered)), d.getAsJsonObject("refused").get("sha256").getAsString());
        assertTrue(d.getAsJsonObject("service").get("ready").getAsBoolean(), d.toString());
        assertTrue(d.getAsJsonObject("service").get("requests").getAsLong() >= 4, "the service's counters travel in the status: " + d);
        assertEquals(served, infer(port));

        // A federated round: the device fine-tunes the served model and runs the round's model afterwards.
        CliRun round = fleet(ctl, "round", "--epochs", "1", "--sign", key.toString(), "--timeout", "240", "--json");
        assertEquals(0, round.exit(), round.out() + round.err());
        assertEquals(1, round.json().get("contributors").getAsInt(), round.out());
        String roundSha = round.json().get("artifact_sha256").getAsString();
        awaitStatus(ctl, s -> roundSha.equals(str(device(s), "artifact_sha256")) && "running".equals(str(device(s), "state")));
        String beforeKill = infer(port);
        assertNotEquals(served, beforeKill, "the round's model answers");

        // SIGKILL and a restart with the same --state: the round's model, as it was.
        device.kill();
        device = ChildCli.start(serve, tmp.resolve("second.log"));
        port = device.port();
        JsonObject back = device(awaitStatus(ctl, s -> online(s) == 1 && device(s).get("restored_from_state").getAsBoolean()));
        assertEquals(roundSha, str(back, "artifact_sha256"));
        assertEquals(beforeKill, infer(port), "the same board state, bit for bit");
        assertEquals(0, device.stop(), "SIGTERM: a clean stop");
      } finally {
        device.kill();
      }
    }
  }

  private static JsonObject device(JsonObject status) {
    JsonArray devices = status.getAsJsonArray("devices");
    for (JsonElement e : devices) if (DEVICE.equals(str(e.getAsJsonObject(), "id"))) return e.getAsJsonObject();
    return new JsonObject();
  }

  /** The first output of 20 test samples, as the service answers them. */
  private static String infer(int port) throws Exception {
    HttpResponse<String> r = ServeCommandTest.post(port, "/v2/models/" + GROUP + "/infer", ServeCommandTest.request(TEST, 0, 20, false).toString());
    assertEquals(200, r.statusCode(), r.body());
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject().get("data").toString();
  }

  /** The artifact's outputs on a board like the device's: seed 1, its self-test, write-verify with it; as FP32 JSON. */
  private static String reference(Path artifact) {
    try (Board b = Insitu.board("sim", 1)) {
      var calibration = Insitu.calibrate(b);
      try (DeployedModel m = Insitu.load(artifact.toString()).deploy(b, DeployOptions.defaults().withSeed(1).withCalibration(calibration))) {
        double[] x = new double[20 * 64];
        for (int i = 0; i < x.length; i++) x[i] = (float) TEST.x()[i];
        JsonArray out = new JsonArray();
        for (double v : m.outputs(x, 20).get(0)) out.add((float) v);
        return out.toString();
      }
    }
  }
}
