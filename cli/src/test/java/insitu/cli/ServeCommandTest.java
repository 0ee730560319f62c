package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.sdk.Insitu;
import insitu.sdk.data.Dataset;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code insitu serve} as a process: what it learned survives SIGTERM and a restart with the
 * same {@code --state}, bit for bit; bad starts are one line and an exit code.
 */
class ServeCommandTest {
  @TempDir Path tmp;
  private static final Dataset TRAIN = Insitu.data("mnist8").train(), TEST = Insitu.data("mnist8").test();

  /** A running {@code insitu serve} child JVM and its port. */
  private record Served(ChildCli cli, int port) {
    String waitFor(String text) throws Exception {
      return cli.waitFor(text);
    }
  }

  private Served start(Path state, String name) throws Exception {
    ChildCli cli = ChildCli.start(List.of("serve", "--model", "paper-cnn", "--board", "sim", "--port", "0", "--name", "digits", "--state",
        state.toString(), "--checkpoint-every", "3600"), tmp.resolve(name + ".log"));
    return new Served(cli, cli.port());
  }

  private HttpResponse<String> post(Served s, String path, String body) throws Exception {
    return post(s.port(), path, body);
  }

  private HttpResponse<String> get(Served s, String path) throws Exception {
    return get(s.port(), path);
  }

  static HttpResponse<String> post(int port, String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An inference (or, with labels, learn) request of samples from..from+n of an 8x8 data set. */
  static JsonObject request(Dataset d, int from, int n, boolean labels) {
    JsonArray data = new JsonArray(), y = new JsonArray();
    for (int i = from * 64; i < (from + n) * 64; i++) data.add((float) d.x()[i]);
    for (int k = from; k < from + n; k++) y.add(d.y()[k]);
    JsonObject in = new JsonObject();
    in.addProperty("name", "input");
    JsonArray shape = new JsonArray();
    for (int s : new int[] {n, 1, 8, 8}) shape.add(s);
    in.add("shape", shape);
    in.addProperty("datatype", "FP32");
    in.add("data", data);
    JsonArray inputs = new JsonArray();
    inputs.add(in);
    JsonObject q = new JsonObject();
    q.add("inputs", inputs);
    if (labels) {
      JsonObject l = new JsonObject();
      JsonArray ls = new JsonArray();
      ls.add(n);
      l.add("shape", ls);
      l.addProperty("datatype", "INT64");
      l.add("data", y);
      q.add("labels", l);
    }
    return q;
  }

  private String outputs(Served s) throws Exception {
    HttpResponse<String> r = post(s, "/v2/models/digits/infer", request(TEST, 0, 50, false).toString());
    assertEquals(200, r.statusCode(), r.body());
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject().get("data").toString();
  }

  private static void stop(Served s) throws Exception {
    assertEquals(0, s.cli().stop(), "exit status after SIGTERM; log: " + Files.readString(s.cli().log()));
  }

  @Test
  void whatWasLearnedSurvivesSigtermAndARestart() throws Exception {
    Path state = tmp.resolve("state");
    Served first = start(state, "first");
    String fresh = outputs(first);
    HttpResponse<String> learned = post(first, "/v2/models/digits/learn", request(TRAIN, 0, 2000, true).toString());
    assertEquals(200, learned.statusCode(), learned.body());
    assertTrue(JsonParser.parseString(learned.body()).getAsJsonObject().get("pulses").getAsLong() > 0, learned.body());
    String before = outputs(first);
    assertNotEquals(fresh, before, "learning changed the outputs");
    stop(first);
    first.waitFor("state saved (shutdown)");

    Served second = start(state, "second");
    second.waitFor("resumed the saved state");
    assertEquals(before, outputs(second), "the same outputs, bit for bit, after SIGTERM and a restart");
    String metrics = get(second, "/metrics").body();
    assertTrue(metrics.contains("\ninsitu_learned_samples_total 2000\n"), metrics);
    stop(second);
  }

  @Test
  void aStateOfAnotherModelOrBoardIsRefused() {
    Path state = tmp.resolve("other");
    try (var m = Insitu.load("paper-cnn").deploy("sim:ideal")) {
      m.saveState(state);
    }
    CliRun r = CliRun.of("serve", "--model", "paper-cnn", "--board", "sim", "--port", "0", "--state", state.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("paper-cnn on sim:ideal"), r.err());
  }

  @Test
  void badStartsAreOneLineAndAnExitCode() throws Exception {
    CliRun missing = CliRun.of("serve", "--model", tmp.resolve("missing.onnx").toString(), "--port", "0");
    assertEquals(3, missing.exit(), missing.err());
    assertEquals(1, missing.err().strip().lines().filter(l -> l.startsWith("insitu: ") && !l.contains("WARNING")).count(), missing.err());
    assertEquals(2, CliRun.of("serve", "--model", "paper-cnn", "--port", "70000").exit());
    assertEquals(2, CliRun.of("serve", "--model", "paper-cnn", "--port", "0", "--name", "a/b").exit());
    assertEquals(2, CliRun.of("serve", "--model", "paper-cnn", "--port", "0", "--max-batch", "0").exit());
    assertEquals(2, CliRun.of("serve", "--model", "paper-cnn", "--port", "0", "--checkpoint-every", "-1").exit());
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      CliRun busy = CliRun.of("serve", "--model", "paper-cnn", "--port", Integer.toString(taken.getLocalPort()));
      assertEquals(2, busy.exit(), busy.err());
      assertTrue(busy.err().contains("cannot listen"), busy.err());
    }
  }

  @Test
  void fleetOptionsAreCheckedBeforeAnythingStarts() {
    CliRun noModel = CliRun.of("serve", "--port", "0");
    assertEquals(2, noModel.exit(), noModel.err());
    assertTrue(noModel.err().contains("--model is required"), noModel.err());
    CliRun stray = CliRun.of("serve", "--model", "paper-cnn", "--port", "0", "--group", "g");
    assertEquals(2, stray.exit(), stray.err());
    assertTrue(stray.err().contains("belong to --fleet"), stray.err());
    CliRun half = CliRun.of("serve", "--fleet", "mqtt://127.0.0.1:1", "--group", "g", "--port", "0");
    assertEquals(2, half.exit(), half.err());
    assertTrue(half.err().contains("--device"), half.err());
    CliRun onnx = CliRun.of("serve", "--fleet", "mqtt://127.0.0.1:1", "--group", "g", "--device", "d", "--model", "paper-cnn", "--port", "0");
    assertEquals(2, onnx.exit(), onnx.err());
    assertTrue(onnx.err().contains(".xbar"), onnx.err());
    assertEquals(2, CliRun.of("fleet", "agent", "--model", "paper-cnn", "--port", "0").exit(), "the alias needs --broker");
    assertEquals(2, CliRun.of("serve", "--fleet", "http://x", "--group", "g", "--device", "d", "--port", "0").exit());
  }

  @Test
  void defaultNamesAreUrlSafe() {
    assertEquals("paper-cnn", ServeCommand.defaultName("paper-cnn"));
    assertEquals("paper_cnn", ServeCommand.defaultName("/x/y/paper_cnn.onnx"));
    assertEquals("my_model", ServeCommand.defaultName("my model.xbar"));
  }
}
