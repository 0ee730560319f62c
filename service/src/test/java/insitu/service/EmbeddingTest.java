package insitu.service;

import static insitu.service.ServedModel.*;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an agent living in the same process (the fleet's device agent) uses: the model on the board's thread, a rollout, a status. */
class EmbeddingTest {
  @TempDir Path tmp;

  @Test
  void anAgentUsesTheModelBetweenRequestsAndRollsOutAnother() throws Exception {
    Path state = tmp.resolve("state");
    try (ServedModel s = new ServedModel("paper-cnn", "sim", ServiceConfig.Limits.defaults(), InstantSource.system(), state, null, null)) {
      double accuracy = s.server.withModel(m -> m.accuracy(TEST.subset(0, 100))).get();
      assertTrue(accuracy >= 0 && accuracy <= 1);
      InferenceServer.Status before = s.server.status();
      assertEquals("paper-cnn", before.model());
      assertEquals("sim", before.board());
      assertTrue(before.ready());

      DeployedModel old = s.server.replaceModel(current -> Insitu.load(ONNX).deploy("sim")).get();
      assertSame(s.model, old, "the caller gets the replaced model back to close");
      String meta = s.get("/v2/models/" + NAME).body();
      assertEquals("output", JsonParser.parseString(meta).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject().get("name").getAsString());
      double[] x = samples(TEST, 0, 5);
      try (DeployedModel ref = Insitu.load(ONNX).deploy("sim")) {
        assertArrayEquals(asFloats(ref.outputs(x, 5).get(0)), output(s.post("/v2/models/" + NAME + "/infer", request(x, 5).toString()).body()));
      }
      assertEquals(ONNX, s.server.status().model());
      try (DeployedModel saved = Insitu.resume(state)) {
        assertEquals(ONNX, saved.model().name(), "the new model's state was saved at once");
      }
      s.server.withModel(m -> {
        m.close();
        return null;
      }).get();
    }
  }

  @Test
  void aServiceStartedEmptyIsNotReadyUntilAModelIsInstalledAndAFailedReplacementLeavesNone() throws Exception {
    try (ServedModel s = ServedModel.empty()) {
      InferenceServer server = s.server;
      server.metrics().include(t -> t.family("insitu_extra", "gauge", "A source beside the service.").sample("insitu_extra", 7));
      assertEquals(400, s.get("/v2/health/ready").statusCode(), "no model: not ready");
      assertEquals(503, s.get("/v2/models/" + NAME).statusCode());
      double[] x = samples(TEST, 0, 3);
      var refused = s.post("/v2/models/" + NAME + "/infer", request(x, 3).toString());
      assertEquals(503, refused.statusCode());
      assertTrue(refused.body().contains("no model"), refused.body());
      String metrics = s.get("/metrics").body();
      assertTrue(metrics.contains("\ninsitu_ready 0\n") && metrics.contains("\ninsitu_extra 7\n"), metrics);
      assertNull(server.status().model());

      assertNull(server.replaceModel(none -> Insitu.load(ONNX).deploy("sim")).get(), "nothing was served before");
      assertEquals(200, s.get("/v2/health/ready").statusCode());
      try (DeployedModel ref = Insitu.load(ONNX).deploy("sim")) {
        assertArrayEquals(asFloats(ref.outputs(x, 3).get(0)), output(s.post("/v2/models/" + NAME + "/infer", request(x, 3).toString()).body()));
      }

      var failed = server.replaceModel(current -> {
        current.close();
        throw new IllegalStateException("the board went away halfway");
      });
      assertThrows(java.util.concurrent.ExecutionException.class, failed::get);
      assertEquals(400, s.get("/v2/health/ready").statusCode(), "half a model on the board: nothing is served");
      assertEquals(503, s.post("/v2/models/" + NAME + "/infer", request(x, 3).toString()).statusCode());
      assertNull(server.model());
    }
  }
}
