package insitu.service;

import static insitu.service.ServedModel.*;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.LearnReport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The protocol over real HTTP against a server on a free port, checked against the SDK: the same
 * model deployed the same way on a second board of the same spec and seed (the simulated board
 * is deterministic), so every output must agree to the bit.
 */
class InferenceServerTest {
  private static final String INFER = "/v2/models/" + NAME + "/infer", LEARN = "/v2/models/" + NAME + "/learn";

  @Test
  void answersHealthAndMetadataAsTheProtocolSays() throws Exception {
    try (ServedModel s = ServedModel.of("paper-cnn", "sim")) {
      HttpResponse<String> live = s.get("/v2/health/live"), ready = s.get("/v2/health/ready");
      assertEquals(200, live.statusCode());
      assertEquals("", live.body(), "health answers carry no body");
      assertEquals(200, ready.statusCode());
      assertEquals(200, s.get("/v2/models/" + NAME + "/ready").statusCode());
      assertEquals(200, s.get("/v2/models/" + NAME + "/versions/1/ready").statusCode());

      JsonObject server = JsonParser.parseString(s.get("/v2").body()).getAsJsonObject();
      assertEquals("insitu", server.get("name").getAsString());
      assertFalse(server.get("version").getAsString().isEmpty());
      assertTrue(server.getAsJsonArray("extensions").toString().contains("learn"));

      HttpResponse<String> meta = s.get("/v2/models/" + NAME);
      assertEquals(200, meta.statusCode());
      assertEquals("application/json", meta.headers().firstValue("Content-Type").orElse(""));
      JsonObject m = JsonParser.parseString(meta.body()).getAsJsonObject();
      assertEquals(NAME, m.get("name").getAsString());
      assertEquals("[\"1\"]", m.getAsJsonArray("versions").toString());
      assertFalse(m.get("platform").getAsString().isEmpty());
      JsonObject in = m.getAsJsonArray("inputs").get(0).getAsJsonObject();
      assertEquals("input", in.get("name").getAsString());
      assertEquals("FP32", in.get("datatype").getAsString());
      assertEquals("[-1,1,8,8]", in.getAsJsonArray("shape").toString());
      JsonObject out = m.getAsJsonArray("outputs").get(0).getAsJsonObject();
      assertEquals(s.model.model().outputNames().get(0), out.get("name").getAsString());
      assertEquals("[-1,10]", out.getAsJsonArray("shape").toString());
      assertEquals(meta.body(), s.get("/v2/models/" + NAME + "/versions/1").body());
    }
  }

  @Test
  void inferenceEqualsTheSdksPredictionBitForBit() throws Exception {
    try (ServedModel s = ServedModel.of("paper-cnn", "sim"); DeployedModel ref = Insitu.load("paper-cnn").deploy("sim")) {
      int n = 20;
      double[] x = samples(TEST, 0, n);
      double[] expect = asFloats(ref.outputs(x, n).get(0));
      JsonObject q = request(x, n);
      q.addProperty("id", "request-42");
      HttpResponse<String> r = s.post(INFER, q.toString());
      assertEquals(200, r.statusCode(), r.body());
      JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
      assertEquals(NAME, o.get("model_name").getAsString());
      assertEquals("request-42", o.get("id").getAsString());
      JsonObject out = o.getAsJsonArray("outputs").get(0).getAsJsonObject();
      assertEquals("FP32", out.get("datatype").getAsString());
      assertEquals("[20,10]", out.getAsJsonArray("shape").toString());
      assertArrayEquals(expect, output(r.body()));
      int[] predicted = ref.predict(x, n);
      for (int k = 0; k < n; k++) {
        double[] row = Arrays.copyOfRange(output(r.body()), k * 10, k * 10 + 10);
        int best = 0;
        for (int c = 1; c < 10; c++) if (row[c] > row[best]) best = c;
        assertEquals(predicted[k], best, "sample " + k);
      }
    }
  }

  @Test
  void aBatchEqualsItsSamplesOneByOneAndNestedDataEqualsFlat() throws Exception {
    try (ServedModel s = ServedModel.of(ONNX, "sim")) {
      int n = 32;
      double[] x = samples(TEST, 100, n);
      double[] batch = output(s.post(INFER, request(x, n).toString()).body());
      for (int k = 0; k < n; k++) {
        double[] one = output(s.post(INFER, request(Arrays.copyOfRange(x, k * 64, k * 64 + 64), 1).toString()).body());
        assertArrayEquals(Arrays.copyOfRange(batch, k * 10, k * 10 + 10), one, "sample " + k);
      }
      JsonObject nested = request(Arrays.copyOf(x, 128), 2);
      JsonArray data = new JsonArray();
      for (int k = 0; k < 2; k++) {
        JsonArray sample = new JsonArray(), channel = new JsonArray();
        for (int i = 0; i < 8; i++) {
          JsonArray row = new JsonArray();
          for (int j = 0; j < 8; j++) row.add((float) x[k * 64 + i * 8 + j]);
          channel.add(row);
        }
        sample.add(channel);
        data.add(sample);
      }
      nested.getAsJsonArray("inputs").get(0).getAsJsonObject().add("data", data);
      assertArrayEquals(Arrays.copyOf(batch, 20), output(s.post(INFER, nested.toString()).body()));
    }
  }

  @Test
  void integerAndDoubleInputsAreConverted() throws Exception {
    try (ServedModel s = ServedModel.of("paper-cnn", "sim"); DeployedModel ref = Insitu.load("paper-cnn").deploy("sim")) {
      double[] pixels = new double[64];
      for (int i = 0; i < 64; i++) pixels[i] = (i * 37) % 256;
      double[] expect = asFloats(ref.outputs(pixels, 1).get(0));
      for (String type : List.of("UINT8", "INT64", "INT32", "FP64", "FP32")) {
        JsonObject q = request(pixels, 1);
        q.getAsJsonArray("inputs").get(0).getAsJsonObject().addProperty("datatype", type);
        HttpResponse<String> r = s.post(INFER, q.toString());
        assertEquals(200, r.statusCode(), type + ": " + r.body());
        assertArrayEquals(expect, output(r.body()), type);
      }
      // FP64 keeps what FP32 would round away.
      double[] fine = new double[64];
      fine[5] = 0.1;
      JsonObject q = request(fine, 1);
      JsonObject in = q.getAsJsonArray("inputs").get(0).getAsJsonObject();
      in.addProperty("datatype", "FP64");
      JsonArray data = new JsonArray();
      for (double v : fine) data.add(v);
      in.add("data", data);
      assertArrayEquals(asFloats(ref.outputs(fine, 1).get(0)), output(s.post(INFER, q.toString()).body()));
    }
  }

  @Test
  void learningChangesTheBoardAsTheSdkDoes() throws Exception {
    try (ServedModel s = ServedModel.of("paper-cnn", "sim"); DeployedModel ref = Insitu.load("paper-cnn").deploy("sim")) {
      // Accumulate-and-fire: pulses fire once a weight's updates add up to the threshold.
      int n = 2000;
      double[] x = samples(TRAIN, 0, n), probe = samples(TEST, 0, 10);
      int[] labels = Arrays.copyOf(TRAIN.y(), n);
      double[] before = output(s.post(INFER, request(probe, 10).toString()).body());
      ref.outputs(probe, 10);

      HttpResponse<String> r = s.post(LEARN, learnRequest(x, labels).toString());
      assertEquals(200, r.statusCode(), r.body());
      LearnReport expect = ref.learn(x, labels);
      JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
      assertEquals(n, o.get("samples").getAsInt());
      assertEquals(expect.pulses(), o.get("pulses").getAsLong());
      assertTrue(expect.pulses() > 0, "learning fired pulses");
      assertEquals(expect.loss(), o.get("loss").getAsDouble());

      double[] after = output(s.post(INFER, request(probe, 10).toString()).body());
      assertFalse(Arrays.equals(before, after), "what was learned shows in the outputs");
      assertArrayEquals(asFloats(ref.outputs(probe, 10).get(0)), after);
    }
  }

  @Test
  void sixteenConcurrentClientsAreAllAnsweredCorrectly() throws Exception {
    int clients = 16, each = 6;
    try (ServedModel s = ServedModel.of("paper-cnn", "sim"); DeployedModel ref = Insitu.load("paper-cnn").deploy("sim")) {
      int n = clients * each;
      double[] all = samples(TEST, 0, n);
      double[] expect = asFloats(ref.outputs(all, n).get(0));
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<List<double[]>>> answers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          answers.add(pool.submit(() -> {
            List<double[]> got = new ArrayList<>();
            for (int k = 0; k < each; k++) {
              int i = client * each + k;
              HttpResponse<String> r = s.post(INFER, request(Arrays.copyOfRange(all, i * 64, i * 64 + 64), 1).toString());
              if (r.statusCode() != 200) throw new AssertionError("client " + client + ": " + r.statusCode() + " " + r.body());
              got.add(output(r.body()));
            }
            return got;
          }));
        }
        for (int c = 0; c < clients; c++) {
          List<double[]> got = answers.get(c).get();
          for (int k = 0; k < each; k++) {
            int i = c * each + k;
            assertArrayEquals(Arrays.copyOfRange(expect, i * 10, i * 10 + 10), got.get(k), "client " + c + " sample " + k);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(n, s.server.metrics().requests("infer", 200));
    }
  }

  @Test
  void accuracyThroughTheServiceIsTheBoardsAccuracy() throws Exception {
    // The PyTorch-trained paper CNN (95.6 % in PyTorch), programmed with write-verify.
    try (ServedModel s = ServedModel.of(ONNX, "sim"); DeployedModel ref = Insitu.load(ONNX).deploy("sim")) {
      double board = ref.accuracy(TEST);
      int right = 0, per = 100;
      for (int from = 0; from < TEST.size(); from += per) {
        int n = Math.min(per, TEST.size() - from);
        double[] out = output(s.post(INFER, request(samples(TEST, from, n), n).toString()).body());
        for (int k = 0; k < n; k++) {
          int best = 0;
          for (int c = 1; c < 10; c++) if (out[k * 10 + c] > out[k * 10 + best]) best = c;
          if (best == TEST.y()[from + k]) right++;
        }
      }
      double served = (double) right / TEST.size();
      System.out.printf("paper_cnn.onnx on sim: %.2f %% through the service, %.2f %% on the board%n", 100 * served, 100 * board);
      assertEquals(board, served);
      assertTrue(served > 0.9, "accuracy " + served);
    }
  }
}
