package insitu.cli;

import insitu.testing.Polling;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.compiler.artifact.Sha256;
import insitu.compiler.artifact.SigningKeys;
import insitu.fleet.BrokerAddress;
import insitu.fleet.BrokerLogin;
import insitu.fleet.link.ClientThreads;
import insitu.fleet.link.LinkSettings;
import insitu.fleet.link.PahoLink;
import insitu.fleet.wire.RoundResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's "Done means" at test scale, against a real Mosquitto broker that requires passwords:
 * 20 simulated devices (a child JVM) come online; a signed model rolls out to all; a copy with one
 * changed byte in an entry (signature kept) is refused by all, which keep the signed one; a wrong
 * password is refused; a federated round finishes through a broker restart without lowering mean
 * accuracy by more than a point; after SIGKILL and restart all devices are back on the round's model.
 */
class FleetScenarioTest {
  static final int DEVICES = 20;
  static final String GROUP = "plant";
  static final String ONNX = Path.of("../compiler/src/test/resources/fixtures/paper_cnn.onnx").toString();
  /** Upper bounds against a hang, never assertions on speed. */
  static final long WAIT_SECONDS = 240;
  @TempDir Path tmp;

  @Test
  void twentyDevicesTakeASignedRolloutRefuseATamperedOneAndSurviveABrokerRestartAndSigkill() throws Exception {
    Path key = tmp.resolve("key.pem"), pub = tmp.resolve("pub.pem"), signed = tmp.resolve("cnn.xbar"), tampered = tmp.resolve("tampered.xbar");
    SigningKeys.write(SigningKeys.generate(), key, pub);
    CliRun compile = CliRun.of("compile", ONNX, "--target", "sim:realistic", "-o", signed.toString(), "--sign", key.toString());
    assertEquals(0, compile.exit(), compile.err());
    Files.write(tampered, oneByteChangedInAnEntry(Files.readAllBytes(signed)));
    String signedSha = Sha256.hex(Files.readAllBytes(signed));

    Map<String, String> users = new LinkedHashMap<>();
    users.put("controller", "control-secret");
    for (int i = 0; i < DEVICES; i++) users.put(String.format("dev-%04d", i), "device-secret");
    Path ctlPw = tmp.resolve("controller.pw"), devPw = tmp.resolve("device.pw"), wrongPw = tmp.resolve("wrong.pw");
    Files.writeString(ctlPw, "control-secret\n");
    Files.writeString(devPw, "device-secret\n");
    Files.writeString(wrongPw, "guess\n");

    try (MosquittoBroker broker = MosquittoBroker.start(users, GROUP)) {
      List<String> ctl = List.of("--broker", broker.url(), "--group", GROUP, "--username", "controller", "--password-file", ctlPw.toString());
      List<String> sim = List.of("fleet", "simulate", "--broker", broker.url(), "--group", GROUP, "--devices", "" + DEVICES, "--board",
          "sim:realistic", "--data", "mnist8", "--username", "{id}", "--password-file", devPw.toString(), "--verify-key", pub.toString(),
          "--state", tmp.resolve("state").toString(), "--heartbeat", "5");
      Process fleet = start(sim, tmp.resolve("sim1.log"));
      try {
        JsonObject status = awaitStatus(ctl, s -> online(s) == DEVICES);

        // A signed rollout reaches every device.
        CliRun deploy = fleet(ctl, "deploy", "--model", signed.toString(), "--timeout", "" + WAIT_SECONDS, "--json");
        assertEquals(0, deploy.exit(), deploy.out() + deploy.err());
        assertTrue(deploy.json().get("converged").getAsBoolean());
        assertEquals(signedSha, deploy.json().get("artifact_sha256").getAsString());
        status = awaitStatus(ctl, s -> true);
        double before = 0;
        for (JsonElement d : status.getAsJsonArray("devices")) {
          assertEquals(signedSha, d.getAsJsonObject().get("artifact_sha256").getAsString());
          before += d.getAsJsonObject().get("accuracy").getAsDouble() / DEVICES;
        }
        assertTrue(before > 0.85, "the trained CNN on calibrated realistic boards: " + before);

        // A copy with one changed byte in an entry, signature kept: refused by all, who keep the signed one.
        CliRun bad = fleet(ctl, "deploy", "--model", tampered.toString(), "--timeout", "" + WAIT_SECONDS, "--json");
        assertEquals(3, bad.exit(), bad.out() + bad.err());
        assertEquals(DEVICES, bad.json().getAsJsonArray("refused").size());
        assertEquals(signedSha, bad.json().get("restored_sha256").getAsString());
        for (JsonElement d : bad.json().getAsJsonArray("devices")) {
          JsonObject o = d.getAsJsonObject();
          assertEquals(signedSha, o.get("artifact_sha256").getAsString());
          assertTrue(o.getAsJsonObject("refused").get("reason").getAsString().contains("corrupt"), o.toString());
        }

        // A wrong password: one line, exit 4.
        CliRun wrong = CliRun.of(concat(List.of("fleet", "status", "--broker", broker.url(), "--group", GROUP, "--username", "controller",
            "--password-file", wrongPw.toString())));
        assertEquals(4, wrong.exit(), wrong.err());
        assertEquals(1, wrong.err().strip().lines().filter(l -> l.startsWith("insitu:")).count(), wrong.err());
        assertTrue(wrong.err().contains("refused the login"), wrong.err());

        // A federated round, with the broker restarted while the devices report.
        CountDownLatch firstResult = new CountDownLatch(1);
        try (ClientThreads threads = new ClientThreads("watch");
             PahoLink watch = new PahoLink(BrokerAddress.parse(broker.url()), BrokerLogin.of("controller", ctlPw),
                 LinkSettings.controller("watcher"), threads)) {
          watch.subscribe("insitu/" + GROUP + "/device/+/result", true);
          watch.onMessage((t, m) -> {
            if (m != null && RoundResult.from(m).round() > 0) firstResult.countDown();
          });
          watch.connect();
          List<CliRun> round = new ArrayList<>();
          Thread t = new Thread(() -> round.add(fleet(ctl, "round", "--epochs", "1", "--sign", key.toString(), "--timeout", "" + WAIT_SECONDS,
              "--json")));
          t.start();
          assertTrue(firstResult.await(WAIT_SECONDS, TimeUnit.SECONDS), "a device reported on the round");
          broker.restart();
          t.join(TimeUnit.SECONDS.toMillis(3 * WAIT_SECONDS));
          CliRun r = round.get(0);
          assertEquals(0, r.exit(), r.out() + r.err());
          JsonObject rj = r.json();
          assertEquals(DEVICES, rj.get("contributors").getAsInt(), rj.toString());
          double accBefore = rj.get("accuracy_before").getAsDouble(), accAfter = rj.get("accuracy_after").getAsDouble();
          assertTrue(accAfter >= accBefore - 0.01, "mean accuracy " + accBefore + " -> " + accAfter);
          String roundSha = rj.get("artifact_sha256").getAsString();

          // SIGKILL, restart: every device comes back on the round's model from its saved state.
          fleet.destroyForcibly().waitFor();
          fleet = start(sim, tmp.resolve("sim2.log"));
          status = awaitStatus(ctl, s -> online(s) == DEVICES && all(s, d -> roundSha.equals(str(d, "artifact_sha256"))
              && d.get("restored_from_state").getAsBoolean() && "running".equals(str(d, "state"))));
          assertEquals(DEVICES, status.getAsJsonArray("devices").size());
        }
      } finally {
        fleet.destroyForcibly().waitFor();
      }
    }
  }

  private static String[] concat(List<String> a, String... more) {
    List<String> l = new ArrayList<>(a);
    l.addAll(List.of(more));
    return l.toArray(String[]::new);
  }

  static CliRun fleet(List<String> ctl, String command, String... args) {
    List<String> l = new ArrayList<>(List.of("fleet", command));
    l.addAll(ctl);
    return CliRun.of(concat(l, args));
  }

  private static Process start(List<String> args, Path log) throws Exception {
    return ChildCli.start(args, log, "-Xmx768m").process();
  }

  /** Polls `fleet status --json` until the condition holds. */
  static JsonObject awaitStatus(List<String> ctl, Predicate<JsonObject> ok) throws InterruptedException {
    JsonObject[] last = new JsonObject[1];
    boolean reached = Polling.until(() -> {
      CliRun s = fleet(ctl, "status", "--json");
      if (s.exit() != 0) return false;
      last[0] = s.json();
      return ok.test(last[0]);
    }, (int) (WAIT_SECONDS * 2), 500);
    if (!reached) fail("the fleet did not get there; last status: " + last[0]);
    return last[0];
  }

  static int online(JsonObject status) {
    return status.get("online").getAsInt();
  }

  private static boolean all(JsonObject status, Predicate<JsonObject> p) {
    JsonArray a = status.getAsJsonArray("devices");
    for (JsonElement e : a) if (!p.test(e.getAsJsonObject())) return false;
    return true;
  }

  static String str(JsonObject o, String k) {
    return o.get(k) == null || o.get(k).isJsonNull() ? null : o.get(k).getAsString();
  }

  /** Flips one byte inside the stored data of the artifact's first tensor entry; the signature entry is untouched. */
  static byte[] oneByteChangedInAnEntry(byte[] zip) {
    byte[] name = "tensors/0.bin".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + 30 + name.length < zip.length; i++) {
      if (zip[i] != 0x50 || zip[i + 1] != 0x4b || zip[i + 2] != 3 || zip[i + 3] != 4) continue;
      int nameLen = (zip[i + 26] & 0xff) | (zip[i + 27] & 0xff) << 8, extraLen = (zip[i + 28] & 0xff) | (zip[i + 29] & 0xff) << 8;
      if (nameLen != name.length || !java.util.Arrays.equals(zip, i + 30, i + 30 + nameLen, name, 0, nameLen)) continue;
      byte[] out = zip.clone();
      out[i + 30 + nameLen + extraLen + 3] ^= 0x01;
      return out;
    }
    throw new IllegalStateException("no tensors/0.bin entry");
  }
}
