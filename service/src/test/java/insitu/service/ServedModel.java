package insitu.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.data.Dataset;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * A server on a free port of this machine serving a freshly deployed model, with a real HTTP
 * client and the helpers the tests share: request bodies, and outputs read back from responses.
 */
final class ServedModel implements AutoCloseable {
  static final Dataset TEST = Insitu.data("mnist8").test();
  static final Dataset TRAIN = Insitu.data("mnist8").train();
  static final String ONNX = Path.of("../compiler/src/test/resources/fixtures/paper_cnn.onnx").toString();
  static final String NAME = "digits";

  final DeployedModel model;
  final InferenceServer server;
  final HttpClient client = HttpClient.newHttpClient();

  ServedModel(String model, String board, ServiceConfig.Limits limits, InstantSource clock, Path state, java.time.Duration checkpointEvery,
              java.time.Duration recalibrateEvery) {
    this(Insitu.load(model).deploy(board), new ServiceConfig("127.0.0.1", 0, NAME, limits, state, checkpointEvery, recalibrateEvery), clock);
  }

  private ServedModel(DeployedModel model, ServiceConfig config, InstantSource clock) {
    this.model = model;
    this.server = InferenceServer.start(model, config, clock, EventLog.NONE);
  }

  /** A server started without a model (as a fleet device waiting for its first deployment). */
  static ServedModel empty() {
    return new ServedModel(null, new ServiceConfig("127.0.0.1", 0, NAME, ServiceConfig.Limits.defaults(), null, null, null),
        InstantSource.system());
  }

  static ServedModel of(String model, String board) {
    return new ServedModel(model, board, ServiceConfig.Limits.defaults(), InstantSource.system(), null, null, null);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return client.send(HttpRequest.newBuilder(uri(path)).method(method, p).build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Override public void close() {
    server.close();
    if (model != null) model.close();
    if (server.model() != null) server.model().close();
  }

  /** Samples from..from+n of a data set, rounded to FP32 as a client's float32 array holds them. */
  static double[] samples(Dataset d, int from, int n) {
    double[] x = Arrays.copyOfRange(d.x(), from * d.sampleSize(), (from + n) * d.sampleSize());
    for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
    return x;
  }

  /** An inference request of n 1x8x8 samples, data flat. */
  static JsonObject request(double[] x, int n) {
    JsonObject in = new JsonObject();
    in.addProperty("name", "input");
    in.add("shape", shape(n, 1, 8, 8));
    in.addProperty("datatype", "FP32");
    JsonArray data = new JsonArray();
    for (double v : x) data.add((float) v);
    in.add("data", data);
    JsonArray inputs = new JsonArray();
    inputs.add(in);
    JsonObject q = new JsonObject();
    q.add("inputs", inputs);
    return q;
  }

  /** A learn request: {@link #request} plus INT64 labels. */
  static JsonObject learnRequest(double[] x, int[] labels) {
    JsonObject q = request(x, labels.length);
    JsonObject l = new JsonObject();
    l.add("shape", shape(labels.length));
    l.addProperty("datatype", "INT64");
    JsonArray data = new JsonArray();
    for (int y : labels) data.add(y);
    l.add("data", data);
    q.add("labels", l);
    return q;
  }

  static JsonArray shape(long... dims) {
    JsonArray a = new JsonArray();
    for (long d : dims) a.add(d);
    return a;
  }

  static JsonArray shape(int... dims) {
    JsonArray a = new JsonArray();
    for (int d : dims) a.add(d);
    return a;
  }

  /** The data of the first output of an inference response. */
  static double[] output(String body) {
    JsonObject o = JsonParser.parseString(body).getAsJsonObject();
    JsonArray data = o.getAsJsonArray("outputs").get(0).getAsJsonObject().getAsJsonArray("data");
    double[] r = new double[data.size()];
    int i = 0;
    for (JsonElement e : data) r[i++] = e.getAsFloat();
    return r;
  }

  /** What the response should say for these model outputs: each value as the FP32 the service sends. */
  static double[] asFloats(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) r[i] = (float) v[i];
    return r;
  }
}
