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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code insitu serve} as a process: what it learned survives SIGTERM and a restart with the
 * same {@code --state}, bit for bit; bad starts are one line and an exit code.
 */
class ServeCommandTest {
  @TempDir Path tmp;
  private static final Pattern URL = Pattern.compile("url=http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Dataset TRAIN = Insitu.data("mnist8").train(), TEST = Insitu.data("mnist8").test();
  private final HttpClient client = HttpClient.newHttpClient();

  /**
   * A running {@code insitu serve} child JVM; its stderr goes to a file (Process.destroy() closes
   * the pipes, and the lines written while stopping would be lost).
   */
  private record Served(Process process, Path stderr, int port) {
    String waitFor(String text) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a guard against hanging, not a timing check
      while (true) {
        boolean alive = process.isAlive(); // once it has exited, the file is complete
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) if (line.contains(text)) return line;
        if (!alive || System.nanoTime() > deadline)
          throw new AssertionError("no line with '" + text + "' in " + Files.readString(stderr));
        Thread.sleep(20);
      }
    }
  }

  private Served start(Path state, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "insitu.cli.Main", "serve",
        "--model", "paper-cnn", "--board", "sim", "--port", "0", "--name", "digits", "--state", state.toString(), "--checkpoint-every", "3600"));
    Path err = tmp.resolve(name + ".stderr");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    Served s = new Served(p, err, 0);
    Matcher m = URL.matcher(s.waitFor("url=http://"));
    assertTrue(m.find());
    return new Served(p, err, Integer.parseInt(m.group(1)));
  }

  private HttpResponse<String> post(Served s, String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(Served s, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject request(Dataset d, int from, int n, boolean labels) {
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
    s.process().destroy(); // SIGTERM
    assertTrue(s.process().waitFor(120, TimeUnit.SECONDS), "stopped after SIGTERM");
    assertEquals(0, s.process().exitValue(), "exit status after SIGTERM; stderr: " + Files.readString(s.stderr()));
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
  void defaultNamesAreUrlSafe() {
    assertEquals("paper-cnn", ServeCommand.defaultName("paper-cnn"));
    assertEquals("paper_cnn", ServeCommand.defaultName("/x/y/paper_cnn.onnx"));
    assertEquals("my_model", ServeCommand.defaultName("my model.xbar"));
  }
}
