package insitu.service;

import static insitu.service.ServedModel.*;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests a client gets wrong: each is answered with its 4xx status and a one-line JSON error
 * naming the problem, and the service goes on serving.
 */
class MalformedRequestsTest {
  private static final String INFER = "/v2/models/" + NAME + "/infer", LEARN = "/v2/models/" + NAME + "/learn";
  private static final long BODY_LIMIT = 64 << 10;

  private record Case(String what, String method, String path, String body, int status, String says) {}

  private static String tensor(String shape, String datatype, String data) {
    return "{\"name\":\"input\",\"shape\":" + shape + ",\"datatype\":\"" + datatype + "\",\"data\":" + data + "}";
  }

  private static String input(String shape, String datatype, String data) {
    return "{\"inputs\":[" + tensor(shape, datatype, data) + "]}";
  }

  private static String zeros(int n) {
    return "[" + "0,".repeat(n - 1) + "0]";
  }

  private static String learn(String labels) {
    return "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,1,8,8],\"datatype\":\"FP32\",\"data\":" + zeros(128) + "}],\"labels\":" + labels + "}";
  }

  static List<Case> cases() {
    String ok = input("[1,1,8,8]", "FP32", zeros(64));
    List<Case> c = new ArrayList<>();
    c.add(new Case("not JSON", "POST", INFER, "not json", 400, "malformed JSON"));
    c.add(new Case("truncated JSON", "POST", INFER, ok.substring(0, 40), 400, "JSON"));
    c.add(new Case("empty body", "POST", INFER, "", 400, "JSON"));
    c.add(new Case("an array, not an object", "POST", INFER, "[1,2]", 400, "object"));
    c.add(new Case("trailing garbage", "POST", INFER, ok + " {}", 400, "after"));
    c.add(new Case("no inputs", "POST", INFER, "{\"id\":\"x\"}", 400, "\"inputs\""));
    c.add(new Case("inputs not an array", "POST", INFER, "{\"inputs\":{}}", 400, "array"));
    c.add(new Case("duplicate key", "POST", INFER, "{\"inputs\":[],\"inputs\":[]}", 400, "twice"));
    c.add(new Case("no input at all", "POST", INFER, "{\"inputs\":[]}", 400, "one input"));
    c.add(new Case("wrong input name", "POST", INFER, ok.replace("\"input\"", "\"pixels\""), 400, "'pixels'"));
    String t = tensor("[1,1,8,8]", "FP32", zeros(64));
    c.add(new Case("two inputs", "POST", INFER, "{\"inputs\":[" + t + "," + t + "]}", 400, "one input"));
    c.add(new Case("wrong sample shape", "POST", INFER, input("[1,1,8,7]", "FP32", zeros(56)), 400, "[1, 1, 8, 7]"));
    c.add(new Case("shape without batch", "POST", INFER, input("[1,8,8]", "FP32", zeros(64)), 400, "takes [N, 1, 8, 8]"));
    c.add(new Case("empty batch", "POST", INFER, input("[0,1,8,8]", "FP32", "[]"), 400, "N >= 1"));
    c.add(new Case("shape times data", "POST", INFER, input("[2,1,8,8]", "FP32", zeros(64)), 400, "declares 128 values"));
    c.add(new Case("huge declared shape", "POST", INFER, input("[1000000000,1,8,8]", "FP32", zeros(64)), 413, "limit"));
    c.add(new Case("overflowing shape", "POST", INFER, input("[4611686018427387904,4,8,8]", "FP32", zeros(64)), 413, "limit"));
    c.add(new Case("negative dimension", "POST", INFER, input("[-1,1,8,8]", "FP32", zeros(64)), 400, "integer >= 0"));
    c.add(new Case("fractional dimension", "POST", INFER, input("[1.5,1,8,8]", "FP32", zeros(64)), 400, "integer >= 0"));
    c.add(new Case("rank 9", "POST", INFER, input("[1,1,1,1,1,1,1,1,1]", "FP32", "[0]"), 400, "dimensions"));
    c.add(new Case("unknown datatype", "POST", INFER, input("[1,1,8,8]", "FLOAT", zeros(64)), 400, "unknown datatype"));
    c.add(new Case("BYTES", "POST", INFER, input("[1,1,8,8]", "BYTES", zeros(64)), 400, "not supported"));
    c.add(new Case("strings in data", "POST", INFER, input("[1,1,8,8]", "FP32", "[\"a\"" + ",0".repeat(63) + "]"), 400, "numbers"));
    c.add(new Case("data not an array", "POST", INFER, input("[1,1,8,8]", "FP32", "0"), 400, "array"));
    String rows = (zeros(8) + ",").repeat(6) + zeros(9) + "," + zeros(7);
    c.add(new Case("ragged nesting", "POST", INFER, input("[1,1,8,8]", "FP32", "[[[" + rows + "]]]"), 400, "nested"));
    c.add(new Case("nested against the shape", "POST", INFER, input("[1,1,8,8]", "FP32", "[[" + zeros(32) + "," + zeros(32) + "]]"), 400, "nested"));
    c.add(new Case("too deep", "POST", INFER, input("[1,1,8,8]", "FP32", "[".repeat(300) + "]".repeat(300)), 400, ""));
    c.add(new Case("NaN", "POST", INFER, input("[1,1,8,8]", "FP32", "[NaN" + ",0".repeat(63) + "]"), 400, "JSON"));
    c.add(new Case("beyond double", "POST", INFER, input("[1,1,8,8]", "FP32", "[1e400" + ",0".repeat(63) + "]"), 400, "JSON"));
    c.add(new Case("beyond FP32", "POST", INFER, input("[1,1,8,8]", "FP32", "[1e39" + ",0".repeat(63) + "]"), 400, "range of FP32"));
    c.add(new Case("UINT8 out of range", "POST", INFER, input("[1,1,8,8]", "UINT8", "[300" + ",0".repeat(63) + "]"), 400, "UINT8"));
    c.add(new Case("INT64 not an integer", "POST", INFER, input("[1,1,8,8]", "INT64", "[1.5" + ",0".repeat(63) + "]"), 400, "not an integer"));
    c.add(new Case("unknown output", "POST", INFER, ok.replace("}]}", "}],\"outputs\":[{\"name\":\"nope\"}]}"), 400, "unknown output"));
    c.add(new Case("binary data asked for", "POST", INFER, ok.replace("{\"inputs\"", "{\"parameters\":{\"binary_data_output\":true},\"inputs\""), 400, "binary"));
    c.add(new Case("parameter not a scalar", "POST", INFER, ok.replace("{\"inputs\"", "{\"parameters\":{\"a\":[1]},\"inputs\""), 400, "parameter"));
    c.add(new Case("id not a string", "POST", INFER, ok.replace("{\"inputs\"", "{\"id\":7,\"inputs\""), 400, "\"id\""));
    c.add(new Case("body over the limit", "POST", INFER, input("[1,1,8,8]", "FP32", "[" + " ".repeat((int) BODY_LIMIT) + zeros(64).substring(1)), 413, "bytes"));
    c.add(new Case("learn without labels", "POST", LEARN, learn("null").replace(",\"labels\":null", ""), 400, "labels"));
    c.add(new Case("label out of range", "POST", LEARN, learn("{\"shape\":[2],\"datatype\":\"INT64\",\"data\":[3,10]}"), 400, "outside"));
    c.add(new Case("negative label", "POST", LEARN, learn("{\"shape\":[2],\"datatype\":\"INT64\",\"data\":[-1,0]}"), 400, "outside"));
    c.add(new Case("labels of FP32", "POST", LEARN, learn("{\"shape\":[2],\"datatype\":\"FP32\",\"data\":[1,2]}"), 400, "integer"));
    c.add(new Case("labels of the wrong count", "POST", LEARN, learn("{\"shape\":[3],\"datatype\":\"INT64\",\"data\":[1,2,3]}"), 400, "[2]"));
    c.add(new Case("unknown model", "POST", "/v2/models/other/infer", ok, 404, "unknown model"));
    c.add(new Case("unknown version", "GET", "/v2/models/" + NAME + "/versions/2", null, 404, "version"));
    c.add(new Case("unknown path", "GET", "/v2/models/" + NAME + "/explain", null, 404, "no endpoint"));
    c.add(new Case("not the API", "GET", "/", null, 404, "no endpoint"));
    c.add(new Case("GET on infer", "GET", INFER, null, 405, "POST"));
    c.add(new Case("DELETE on metadata", "DELETE", "/v2", null, 405, "GET"));
    c.add(new Case("POST on health", "POST", "/v2/health/live", "{}", 405, "GET"));
    return c;
  }

  @Test
  void everyMalformedRequestIsA4xxJsonErrorAndTheServiceGoesOn() throws Exception {
    ServiceConfig.Limits limits = new ServiceConfig.Limits(64, 16, BODY_LIMIT, 1 << 16);
    try (ServedModel s = new ServedModel("paper-cnn", "sim", limits, InstantSource.system(), null, null, null)) {
      for (Case c : cases()) {
        HttpResponse<String> r = s.send(c.method(), c.path(), c.body());
        assertEquals(c.status(), r.statusCode(), c.what() + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), c.what());
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        String error = o.get("error").getAsString();
        assertTrue(error.contains(c.says()), c.what() + ": " + error);
        assertFalse(error.contains("\n") || error.contains("Exception") || error.contains("\tat "), c.what() + ": one line, no trace: " + error);
        if (c.status() == 405) assertTrue(r.headers().firstValue("Allow").isPresent(), c.what());
      }
      // The same over-long body without a Content-Length (chunked): cut off as it streams in.
      byte[] big = input("[1,1,8,8]", "FP32", "[" + " ".repeat((int) BODY_LIMIT) + zeros(64).substring(1)).getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> chunked = s.client.send(HttpRequest.newBuilder(s.uri(INFER))
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(413, chunked.statusCode(), chunked.body());
      assertEquals(200, s.get("/v2/health/ready").statusCode(), "still ready");
      HttpResponse<String> r = s.post(INFER, request(samples(TEST, 0, 1), 1).toString());
      assertEquals(200, r.statusCode(), "still serving: " + r.body());
      assertEquals(0, s.server.metrics().requests("infer", 500) + s.server.metrics().requests("learn", 500));
    }
  }
}
